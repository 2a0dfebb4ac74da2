import { Worker } from 'node:worker_threads';
import type { JobEnd, QueryAnswer, QueryCall, QueryWorkerData, StoreAccess } from './protocol';
import type { JobKind } from '../../shared/contract';

interface Pending {
  worker: Worker;
  resolve(end: JobEnd): void;
}

/**
 * The one long-lived worker thread that answers read-only calls (a data subject lookup, the access
 * log of one person) off the main thread. Started at the first call and kept warm, so a call costs
 * its reads and not a thread start; started again at the next call if it dies. While no call is
 * waiting it does not keep the process alive.
 */
export class QueryWorker {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  constructor(private readonly env: { access: StoreAccess; entry: { file: string; execArgv?: string[] } }) {}

  /** Runs the body of `kind` in the worker; resolves with how it ended (never rejects). */
  call(kind: JobKind, params: unknown, actor: { staffId: number; displayName: string }): Promise<JobEnd> {
    const worker = this.worker ?? this.spawn();
    const id = this.nextId++;
    return new Promise<JobEnd>((resolve) => {
      this.pending.set(id, { worker, resolve });
      worker.ref();
      worker.postMessage({ id, kind, params, actor } satisfies QueryCall);
    });
  }

  /** The worker's thread id while it runs (tests). */
  get threadId(): number | null {
    return this.worker?.threadId ?? null;
  }

  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private waitingOn(worker: Worker): boolean {
    for (const p of this.pending.values()) if (p.worker === worker) return true;
    return false;
  }

  private spawn(): Worker {
    const data: QueryWorkerData = { mode: 'query', ...this.env.access };
    const worker = new Worker(this.env.entry.file, { workerData: data, execArgv: this.env.entry.execArgv });
    worker.unref();
    this.worker = worker;
    worker.on('message', (answer: QueryAnswer) => {
      const p = this.pending.get(answer.id);
      if (!p) return;
      this.pending.delete(answer.id);
      if (!this.waitingOn(worker)) worker.unref();
      const { id: _id, ...end } = answer;
      p.resolve(end);
    });
    const gone = (message: string) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, p] of this.pending) {
        if (p.worker !== worker) continue;
        this.pending.delete(id);
        p.resolve({ type: 'failed', message });
      }
    };
    worker.on('error', (e) => gone(e.message));
    worker.on('exit', () => gone('The background reader stopped before it answered.'));
    return worker;
  }
}
