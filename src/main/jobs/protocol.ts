import type { JobKind } from '../../shared/contract';
import type { JobMessage } from '../../shared/contract/jobs';
import type { AppErrorData } from '../../shared/errors';

/** Messages between the main thread and a job's worker thread. */
export interface JobWorkerData {
  jobId: string;
  kind: JobKind;
  /** The kind's params; the worker checks them against its schema. */
  params: unknown;
  dataDir: string;
  customersKeyHex: string;
  contestsKeyHex: string;
  nativeBinding?: string;
  /** Staff member who started the job, for audit rows written by the worker. */
  actor: { staffId: number; displayName: string };
}

export type WorkerToMain =
  | { type: 'progress'; progress: number; message: JobMessage }
  /** result: the kind's output; the main thread checks it against its schema. */
  | { type: 'done'; result: unknown }
  /** appError: set when the body threw an AppError, so the main thread can pass it on as it was. */
  | { type: 'failed'; message: string; code?: string; appError?: AppErrorData };

export type MainToWorker = { type: 'cancel' };
