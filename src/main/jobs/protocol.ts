import type { JobKind } from '../../shared/contract';
import type { JobMessage } from '../../shared/contract/jobs';
import type { AppErrorData } from '../../shared/errors';

/** What every worker needs to open the stores itself. */
export interface StoreAccess {
  dataDir: string;
  customersKeyHex: string;
  contestsKeyHex: string;
  nativeBinding?: string;
}

/**
 * A job thread: runs the jobs it is sent, one at a time, and is kept between them (see JobRunner).
 * A thread that ended after each job made the main thread wait in Node's join of that thread, for as
 * long as the ending thread, at its lower priority, waited for a core.
 */
export interface JobWorkerData extends StoreAccess {
  mode: 'job';
}

/** One job for a job thread. */
export interface JobCall {
  type: 'job';
  jobId: string;
  kind: JobKind;
  /** The kind's params; the worker checks them against its schema. */
  params: unknown;
  /** Staff member who started the job, for audit rows written by the worker. */
  actor: { staffId: number; displayName: string };
}

/**
 * A long-lived worker that answers read-only calls one after another on read-only connections it
 * keeps open (see JobRunner.query): no thread start, module load or key derivation per call.
 */
export interface QueryWorkerData extends StoreAccess {
  mode: 'query';
}

/** A long-lived worker that runs WAL checkpoints on write connections of its own (see CheckpointWorker). */
export interface CheckpointWorkerData extends StoreAccess {
  mode: 'checkpoint';
}

export type WorkerData = JobWorkerData | QueryWorkerData | CheckpointWorkerData;

/** A checkpoint asked of the checkpoint worker, and its answer (error: why it failed). */
export interface CheckpointCall {
  id: number;
  store: 'customers' | 'contests';
}
export interface CheckpointAnswer {
  id: number;
  error: string | null;
}

/** How a body ended: its output, or why not. */
export type JobEnd =
  /** result: the kind's output; the main thread checks it against its schema. */
  | { type: 'done'; result: unknown }
  /** appError: set when the body threw an AppError, so the main thread can pass it on as it was. */
  | { type: 'failed'; message: string; code?: string; appError?: AppErrorData };

/** write-turn: the job asks for a write turn (see JobContext.writeTurn); write-done: its turn ended. */
export type WorkerToMain = { type: 'progress'; progress: number; message: JobMessage } | { type: 'write-turn' } | { type: 'write-done' } | JobEnd;

/** write-granted: the job's write turn begins. Each names its job: a thread outlives its jobs. */
export type MainToWorker = JobCall | { type: 'cancel'; jobId: string } | { type: 'write-granted'; jobId: string };

/** A call to the query worker; its answer carries the same id. */
export interface QueryCall {
  id: number;
  kind: JobKind;
  params: unknown;
  actor: { staffId: number; displayName: string };
}
export type QueryAnswer = JobEnd & { id: number };
