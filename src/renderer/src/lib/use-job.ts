import { useCallback, useMemo, useState } from 'react';
import { parseJobResult, type JobKind, type JobResult } from '../../../shared/contract';
import type { JobStatus } from '../../../shared/contract/jobs';
import { useChannelMutation, useChannelQuery } from '../data';
import { useErrorText } from '../i18n';

/**
 * Follows one background job of a kind (an import, an export, a report): reads jobs.get every
 * `pollMs` until it leaves 'running'. The caller starts the job and hands over its first status;
 * `cancel` asks the worker to stop. Answers are kept per job id, so an answer about a job
 * followed earlier never shows for the one followed now. A finished job's result is checked
 * against the kind's result schema, so `result` is typed by the kind.
 */
export function useJob<K extends JobKind>(kind: K, pollMs = 200) {
  const errorText = useErrorText();
  const [first, setFirst] = useState<JobStatus | null>(null);
  const following = first !== null && first.kind === kind;
  const poll = useChannelQuery(
    'jobs.get',
    { id: first?.id ?? '' },
    { enabled: following && first.state === 'running', refetchInterval: (latest) => ((latest ?? first)?.state === 'running' ? pollMs : false) },
  );
  const cancelling = useChannelMutation('jobs.cancel');
  const status = first === null ? null : (poll.data ?? first);

  const { result, problem } = useMemo((): { result: JobResult<K> | null; problem: string | null } => {
    if (!status) return { result: null, problem: null };
    if (status.kind !== kind) return { result: null, problem: `Expected a ${kind} task, got ${status.kind}.` };
    if (status.state !== 'done') return { result: null, problem: null };
    try {
      return { result: parseJobResult(kind, status.result), problem: null };
    } catch {
      return { result: null, problem: 'The task finished, but its result could not be read.' };
    }
  }, [status, kind]);

  const follow = useCallback((next: JobStatus) => setFirst(next), []);
  const { run: runCancel, reset: resetCancel } = cancelling;
  const cancel = useCallback(async () => {
    if (status) await runCancel({ id: status.id });
  }, [status, runCancel]);
  const reset = useCallback(() => {
    setFirst(null);
    resetCancel();
  }, [resetCancel]);

  const cancelError = cancelling.problem ? errorText(cancelling.problem) : null;
  return { status, result, error: problem ?? poll.errorMessage ?? cancelError, follow, cancel, reset };
}
