/** Messages between the main thread and a job's worker thread. */
export interface JobWorkerData {
  jobId: string;
  kind: string;
  params: unknown;
  dataDir: string;
  customersKeyHex: string;
  contestsKeyHex: string;
  nativeBinding?: string;
  /** Staff member who started the job, for audit rows written by the worker. */
  actor: { staffId: number; displayName: string };
}

export type WorkerToMain =
  | { type: 'progress'; progress: number; message: string }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; message: string; code?: string };

export type MainToWorker = { type: 'cancel' };
