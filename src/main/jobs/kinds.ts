import type { Database } from 'better-sqlite3-multiple-ciphers';
import { exportJob } from '../exports/job';
import { reportJob, reportPdfJob } from '../reports/job';
import { importApplyJob, importPreviewJob } from '../optouts/import-job';

export interface JobContext {
  /** The id the renderer polls, for records that should name the task that wrote them. */
  jobId: string;
  params: unknown;
  actor: { staffId: number; displayName: string };
  /** Opens a connection of this worker's own. Write connections get the same pragmas as the main one. */
  open(store: 'customers' | 'contests', readonly: boolean): Database;
  /** Reports progress (0..1); throttled, so call it as often as is convenient. */
  progress(fraction: number, message: string): void;
  /** Throws when the user cancelled. Call between batches; a throw inside a transaction rolls it back. */
  checkCancelled(): void;
  /** Lets the cancel message arrive, then checks it. Call between batches of async work. */
  yieldToMessages(): Promise<void>;
}

export type JobKind = (ctx: JobContext) => Promise<unknown>;

/** Every kind of background job, by name. Features register theirs here. */
export const jobKinds: Record<string, JobKind> = {
  'exports.write': exportJob,
  'reports.summary': reportJob,
  'reports.pdf': reportPdfJob,
  'optouts.importPreview': importPreviewJob,
  'optouts.importApply': importApplyJob,
};
