import { useCallback, useEffect, useRef, useState } from 'react';
import { parseJobResult, type JobKind, type JobResult } from '../../../shared/contract';
import type { JobStatus } from '../../../shared/contract/jobs';
import { call } from './call';

/**
 * Follows one background job of a kind (an import, an export, a report): polls jobs.get until it
 * leaves 'running'. The caller starts the job and hands over its first status; `cancel` asks the
 * worker to stop. A finished job's result is checked against the kind's result schema, so
 * `result` is typed by the kind.
 */
export function useJob<K extends JobKind>(kind: K, pollMs = 200) {
  const [status, setStatus] = useState<JobStatus | null>(null);
  const [result, setResult] = useState<JobResult<K> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<number | null>(null);
  const alive = useRef(true);

  const stop = () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
  };

  const take = useCallback(
    (next: JobStatus) => {
      if (next.kind !== kind) {
        setError(`Expected a ${kind} task, got ${next.kind}.`);
        return false;
      }
      if (next.state === 'done') {
        try {
          setResult(parseJobResult(kind, next.result));
        } catch {
          setError('The task finished, but its result could not be read.');
        }
      }
      setStatus(next);
      return next.state === 'running';
    },
    [kind],
  );

  const poll = useCallback(
    (id: string) => {
      timer.current = window.setTimeout(async () => {
        const r = await call(window.api.jobs.get({ id }));
        if (!alive.current) return;
        if (!r.ok) {
          setError(r.error.message);
          return;
        }
        if (take(r.value)) poll(id);
      }, pollMs);
    },
    [pollMs, take],
  );

  const follow = useCallback(
    (first: JobStatus) => {
      stop();
      setError(null);
      setResult(null);
      if (take(first)) poll(first.id);
    },
    [poll, take],
  );

  const cancel = useCallback(async () => {
    if (!status) return;
    const r = await call(window.api.jobs.cancel({ id: status.id }));
    if (!r.ok) setError(r.error.message);
  }, [status]);

  const reset = useCallback(() => {
    stop();
    setStatus(null);
    setResult(null);
    setError(null);
  }, []);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      stop();
    };
  }, []);
  return { status, result, error, follow, cancel, reset };
}
