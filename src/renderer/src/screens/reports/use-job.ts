import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobStatus } from '../../../../shared/contract/jobs';
import { call } from '../../lib/call';

/**
 * Follows one background job (an export, a report): polls jobs.get until it leaves 'running'.
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

/** Per-field messages from a zod error, keyed by the path (or by `rename(path)`). */
export function fieldMessages(issues: readonly { path: readonly PropertyKey[]; message: string }[], rename: (path: string) => string = (p) => p): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = rename(i.path.map(String).join('.'));
    out[key] ??= i.message;
  }
  return out;
}

export function todayLocal(offsetDays = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
