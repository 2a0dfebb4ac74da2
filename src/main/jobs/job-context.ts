import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { JobKind, JobOutput, ParsedJobParams } from '../../shared/contract';
import type { JobStep } from '../../shared/contract/jobs';

/** What a job's body gets in its worker thread. */
export interface JobContext<K extends JobKind = JobKind> {
  /** The id the renderer polls, for records that should name the task that wrote them. */
  jobId: string;
  /** Checked against the kind's params schema before the body runs. */
  params: ParsedJobParams<K>;
  actor: { staffId: number; displayName: string };
  /** Opens a connection of this worker's own. Write connections get the same pragmas as the main one. */
  open(store: 'customers' | 'contests', readonly: boolean): Database;
  /** Reports progress (0..1) and what is being done, as a key with its numbers; throttled, so call it as often as is convenient. */
  progress(fraction: number, step: JobStep, params?: Record<string, number>): void;
  /** Throws when the user cancelled. Call between batches; a throw inside a transaction rolls it back. */
  checkCancelled(): void;
  /** Lets the cancel message arrive, then checks it. Call between batches of async work. */
  yieldToMessages(): Promise<void>;
  /**
   * Runs one write transaction of the job in a turn the main thread grants: while it lasts, the
   * main thread's calls that may write wait (without blocking its event loop) instead of waiting
   * for SQLite's write lock inside a synchronous call. Keep each turn short (a batch).
   */
  writeTurn<T>(write: () => T): Promise<T>;
}

/** The body of a job of kind K: runs in the worker, returns the kind's output. */
export type JobBody<K extends JobKind> = (ctx: JobContext<K>) => Promise<JobOutput<K>>;
