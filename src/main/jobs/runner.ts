import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { JobStatus } from '../../shared/contract/jobs';
import { appError } from '../../shared/errors';
import type { Actor, Clock, CoreDeps, Stores } from '../context';
import type { JobWorkerData, MainToWorker, WorkerToMain } from './protocol';

interface Job {
  status: JobStatus;
  ownerId: number;
  worker: Worker;
  finishedAt: number | null;
}

export interface StartJobOptions {
  /** Runs on the main thread after the worker reports success; its return value becomes the job's result. */
  onDone?: (result: unknown) => unknown;
}

const KEEP_FINISHED_MS = 10 * 60_000;

/**
 * Runs long work (imports, exports, reports) in worker threads with their own connections, so the
 * main process never blocks. The renderer polls jobs.get for progress.
 */
export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  constructor(private readonly env: { stores: Stores | null; deps: CoreDeps; clock: Clock }) {}

  start(kind: string, params: unknown, actor: Actor, opts: StartJobOptions = {}): JobStatus {
    const { stores, deps } = this.env;
    if (!stores) throw appError('store_unavailable');
    if (!deps.workerEntry) throw appError('jobs.unavailable');
    this.prune();
    const id = randomUUID();
    const data: JobWorkerData = {
      jobId: id,
      kind,
      params,
      dataDir: stores.dataDir,
      customersKeyHex: stores.customersKeyHex,
      contestsKeyHex: stores.contestsKeyHex,
      nativeBinding: deps.nativeBinding,
      actor: { staffId: actor.staffId, displayName: actor.displayName },
    };
    const worker = new Worker(deps.workerEntry.file, { workerData: data, execArgv: deps.workerEntry.execArgv });
    const job: Job = { status: { id, kind, state: 'running', progress: 0, message: 'Starting…' }, ownerId: actor.staffId, worker, finishedAt: null };
    this.jobs.set(id, job);

    const finish = (patch: Partial<JobStatus>) => {
      if (job.status.state !== 'running') return;
      job.status = { ...job.status, ...patch };
      job.finishedAt = this.env.clock.now().getTime();
    };
    worker.on('message', (msg: WorkerToMain) => {
      switch (msg.type) {
        case 'progress':
          if (job.status.state === 'running') job.status = { ...job.status, progress: Math.max(0, Math.min(1, msg.progress)), message: msg.message };
          break;
        case 'done':
          try {
            const result = opts.onDone ? opts.onDone(msg.result) : msg.result;
            finish({ state: 'done', progress: 1, message: 'Finished.', result });
          } catch (e) {
            finish({ state: 'failed', message: 'Failed.', error: e instanceof Error ? e.message : String(e) });
          }
          break;
        case 'failed':
          finish(msg.code === 'cancelled' ? { state: 'cancelled', message: 'Cancelled.' } : { state: 'failed', message: 'Failed.', error: msg.message });
          break;
        default: {
          const never: never = msg;
          throw new Error(`unknown worker message ${JSON.stringify(never)}`);
        }
      }
    });
    worker.on('error', (e) => finish({ state: 'failed', message: 'Failed.', error: e.message }));
    worker.on('exit', (code) => {
      if (job.status.state === 'running') finish(code === 0 ? { state: 'failed', message: 'Failed.', error: 'The background task stopped without a result.' } : { state: 'cancelled', message: 'Cancelled.' });
    });
    return job.status;
  }

  get(id: string, actor: Actor): JobStatus {
    const job = this.jobs.get(id);
    if (!job || job.ownerId !== actor.staffId) throw appError('jobs.not_found');
    return job.status;
  }

  cancel(id: string, actor: Actor): JobStatus {
    const job = this.jobs.get(id);
    if (!job || job.ownerId !== actor.staffId) throw appError('jobs.not_found');
    if (job.status.state === 'running') {
      job.worker.postMessage({ type: 'cancel' } satisfies MainToWorker);
      // The worker stops at its next checkpoint and rolls back; terminate if it does not answer.
      setTimeout(() => void job.worker.terminate(), 5000).unref();
    }
    return job.status;
  }

  /** Whether the task is still at work, whoever started it. */
  isRunning(id: string): boolean {
    return this.jobs.get(id)?.status.state === 'running';
  }

  /** Resolves when the job leaves the running state (tests, shutdown). */
  async wait(id: string): Promise<JobStatus> {
    const job = this.jobs.get(id);
    if (!job) throw appError('jobs.not_found');
    while (job.status.state === 'running') await new Promise((r) => setTimeout(r, 10));
    return job.status;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((j) => j.worker.terminate()));
  }

  private prune(): void {
    const now = this.env.clock.now().getTime();
    for (const [id, job] of this.jobs) if (job.finishedAt !== null && now - job.finishedAt > KEEP_FINISHED_MS) this.jobs.delete(id);
  }
}
