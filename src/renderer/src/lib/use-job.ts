import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobStatus } from '../../../shared/contract/jobs';
import { call } from './call';

/**
 * Follows one background job (an import, an export, a report): polls jobs.get until it leaves 'running'.
 * The caller starts the job and hands over its first status; `cancel` asks the worker to stop.
 */
export function useJob(pollMs = 200) {
  const [status, setStatus] = useState<JobStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<number | null>(null);
  const alive = useRef(true);

  const stop = () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
  };

  const poll = useCallback(
    (id: string) => {
      timer.current = window.setTimeout(async () => {
        const r = await call(window.api.jobs.get({ id }));
        if (!alive.current) return;
        if (!r.ok) {
          setError(r.error.message);
          return;
        }
        setStatus(r.value);
        if (r.value.state === 'running') poll(id);
      }, pollMs);
    },
    [pollMs],
  );

  const follow = useCallback(
    (first: JobStatus) => {
      stop();
      setError(null);
      setStatus(first);
      if (first.state === 'running') poll(first.id);
    },
    [poll],
  );

  const cancel = useCallback(async () => {
    if (!status) return;
    const r = await call(window.api.jobs.cancel({ id: status.id }));
    if (!r.ok) setError(r.error.message);
  }, [status]);

  const reset = useCallback(() => {
    stop();
    setStatus(null);
    setError(null);
  }, []);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      stop();
    };
  }, []);
  return { status, error, follow, cancel, reset };
}
