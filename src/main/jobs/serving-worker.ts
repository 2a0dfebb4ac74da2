import { Worker } from 'node:worker_threads';
import type { CheckpointWorkerData, QueryWorkerData } from './protocol';

interface Pending<A> {
  worker: Worker;
  resolve(answer: A): void;
}

/**
 * One long-lived worker thread that answers calls in the order they come: the query worker (read-only
 * calls such as a data subject lookup) and the checkpoint worker. Started at the first call and kept
 * warm, so a call costs its work and not a thread start; started again at the next call if it dies,
 * and then every call it had not answered gets `lost(message)`. While no call is waiting it does not
 * keep the process alive. Never rejects.
 */
export class ServingWorker<C extends object, A extends object> {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending<A>>();
  private nextId = 1;
  constructor(
    private readonly env: {
      data: QueryWorkerData | CheckpointWorkerData;
      entry: { file: string; execArgv?: string[] };
      lost: (message: string) => A;
    },
  ) {}

  call(body: C): Promise<A> {
    const worker = this.worker ?? this.spawn();
    const id = this.nextId++;
    return new Promise<A>((resolve) => {
      this.pending.set(id, { worker, resolve });
      worker.ref();
      worker.postMessage({ ...body, id });
    });
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
    const worker = new Worker(this.env.entry.file, { workerData: this.env.data, execArgv: this.env.entry.execArgv });
    worker.unref();
    this.worker = worker;
    worker.on('message', (answer: A & { id: number }) => {
      const p = this.pending.get(answer.id);
      if (!p) return;
      this.pending.delete(answer.id);
      if (!this.waitingOn(worker)) worker.unref();
      const { id: _id, ...rest } = answer;
      p.resolve(rest as unknown as A);
    });
    const gone = (message: string) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, p] of this.pending) {
        if (p.worker !== worker) continue;
        this.pending.delete(id);
        p.resolve(this.env.lost(message));
      }
    };
    worker.on('error', (e) => gone(e.message));
    worker.on('exit', () => gone('The background thread stopped before it answered.'));
    return worker;
  }
}
