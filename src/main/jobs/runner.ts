import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { parseJobOutput, type JobKind, type JobOutput, type JobParams, type JobResult } from '../../shared/contract';
import { jobMessage, type JobStatus } from '../../shared/contract/jobs';
import { AppError, appError, type AppErrorData } from '../../shared/errors';
import type { Actor, Clock, CoreDeps, Stores } from '../context';
import type { CheckpointAnswer, CheckpointCall, JobCall, JobEnd, JobWorkerData, MainToWorker, QueryCall, StoreAccess, WorkerToMain } from './protocol';
import { ServingWorker } from './serving-worker';

interface Job {
  status: JobStatus;
  ownerId: number;
  /** The thread at work on the job: null while the job waits for one, and once the thread has sent its end. */
  worker: Worker | null;
  /** The thread sent the job's end; onDone may still be waiting to run. */
  delivered: boolean;
  /** Ends the job as cancelled (used while it waits for a thread). */
  cancelWaiting(): void;
  finishedAt: number | null;
  /** The worker's output, kept for run(). */
  output?: unknown;
  /** The AppError the body threw, kept for run(). */
  appError?: AppErrorData;
  /** Resolves when the job leaves the running state. */
  ended: Promise<void>;
  /** Ends the job's write turn while it holds or waits for one. */
  endTurn: (() => void) | null;
  /** The job asked for a write turn: the checkpoint worker runs once it has ended, however it ended. */
  wrote: boolean;
}

/** A main-thread call that may write (mainWrite). Not counted while it waits for a job of its own (run), nor once it ended. */
interface WriterCall {
  counted: boolean;
  ended: boolean;
}

export interface StartOptions {
  /**
   * The job holds write locks on the stores for long stretches (an erasure's VACUUM). It starts
   * once the main-thread calls that may write and are under way have ended, and while it runs,
   * dispatch holds back new ones (see whenNoExclusiveJob): a main-thread write never waits for its
   * lock inside SQLite, which would block the event loop for that whole time.
   */
  exclusive?: boolean;
  /** Buffers in the params to move to the worker rather than copy (the caller must not use them after). */
  transfer?: ArrayBuffer[];
}

/** Runs on the main thread after the worker reports success; its return value becomes the job's result. */
export type OnJobDone<K extends JobKind> = (output: JobOutput<K>) => JobResult<K>;

/** Kinds whose worker output is already the result the renderer reads: they need no onDone. */
type PlainKind = { [K in JobKind]: [JobOutput<K>] extends [JobResult<K>] ? K : never }[JobKind];

const KEEP_FINISHED_MS = 10 * 60_000;

/**
 * Job threads at work at once. One core stays free for the main thread: with every core busy in
 * workers (an import, an export and a report on a two-core laptop), the main thread waits for a
 * core and every call and frame stalls. Further jobs wait their turn, in the order they came.
 */
export const JOB_THREADS = Math.max(1, availableParallelism() - 1);

/**
 * Runs long work (imports, exports, reports, erasure) in worker threads with their own connections, so the
 * main process never blocks. The renderer polls jobs.get for progress.
 */
export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  /** The end of every running exclusive job and of every worker's write turn, granted or asked for. */
  private readonly exclusive = new Set<Promise<void>>();
  /** The end of every running exclusive job and of every write turn granted: workers that may be writing now. */
  private readonly writing = new Set<Promise<void>>();
  /** Main-thread calls that may write, between their wait for the stores (mainWrite) and their end. */
  private mainWriters = 0;
  /** The mainWrite call an async context belongs to (also inherited by work it set off and did not await). */
  private readonly writer = new AsyncLocalStorage<WriterCall>();
  /** Grants of write turns waiting for the main-thread writers in progress to end. */
  private readonly turnsAsked: (() => void)[] = [];
  private queries: ServingWorker<Omit<QueryCall, 'id'>, JobEnd> | null = null;
  private checkpoints: ServingWorker<Omit<CheckpointCall, 'id'>, Omit<CheckpointAnswer, 'id'>> | null = null;
  /** Jobs at work in a thread, counted against the limit (exclusive jobs are not counted). */
  private working = 0;
  /** Launches of jobs waiting for a thread, oldest first. */
  private readonly waiting: (() => void)[] = [];
  private stopped = false;
  /** Job threads between jobs; they do not keep the process alive. */
  private readonly idleThreads: Worker[] = [];
  constructor(private readonly env: { stores: Stores | null; deps: CoreDeps; clock: Clock; threads?: number }) {}

  start<K extends PlainKind>(kind: K, params: JobParams<K>, actor: Actor, onDone?: undefined, opts?: StartOptions): JobStatus<K>;
  start<K extends JobKind>(kind: K, params: JobParams<K>, actor: Actor, onDone: OnJobDone<K>, opts?: StartOptions): JobStatus<K>;
  start<K extends JobKind>(kind: K, params: JobParams<K>, actor: Actor, onDone?: OnJobDone<K>, opts: StartOptions = {}): JobStatus<K> {
    const { stores, deps } = this.env;
    if (!stores) throw appError('store_unavailable');
    if (!deps.workerEntry) throw appError('jobs.unavailable');
    this.prune();
    const id = randomUUID();
    const call: JobCall = { type: 'job', jobId: id, kind, params, actor: { staffId: actor.staffId, displayName: actor.displayName } };
    const status: JobStatus<K> = { id, kind, state: 'running', progress: 0, message: jobMessage('starting') };
    let ended!: () => void;
    const job: Job = {
      status,
      ownerId: actor.staffId,
      worker: null,
      delivered: false,
      finishedAt: null,
      ended: new Promise<void>((resolve) => (ended = resolve)),
      cancelWaiting: () => finish({ state: 'cancelled', message: jobMessage('cancelled') }),
      endTurn: null,
      wrote: false,
    };
    this.jobs.set(id, job);
    if (opts.exclusive) {
      this.exclusive.add(job.ended);
      this.writing.add(job.ended);
      void job.ended.then(() => {
        this.exclusive.delete(job.ended);
        this.writing.delete(job.ended);
      });
    }

    const finish = (patch: Partial<JobStatus>) => {
      if (job.status.state !== 'running') return;
      job.status = { ...job.status, ...patch };
      job.finishedAt = this.env.clock.now().getTime();
      job.endTurn?.();
      ended();
      if (job.wrote) this.checkpointAll();
    };
    const launch = () => {
      // Cancelled while it waited.
      if (job.status.state !== 'running') return;
      if (!opts.exclusive) job.status = { ...job.status, message: jobMessage('starting') };
      const worker = this.jobThread(stores);
      job.worker = worker;
      if (!opts.exclusive) {
        this.working++;
        void job.ended.then(() => {
          this.working--;
          this.launchWaiting();
        });
      }
      /** The job's end came from the thread: it goes back to the idle threads for the next job. */
      const release = () => {
        job.delivered = true;
        job.worker = null;
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        this.idleThreads.push(worker);
        worker.unref();
      };
      const onMessage = (msg: WorkerToMain) => {
        switch (msg.type) {
          case 'progress':
            if (job.status.state === 'running') job.status = { ...job.status, progress: Math.max(0, Math.min(1, msg.progress)), message: msg.message };
            break;
          case 'done': {
            release();
            const complete = () => {
              try {
                const output = parseJobOutput(kind, msg.result);
                job.output = output;
                const result = onDone ? onDone(output) : output;
                finish({ state: 'done', progress: 1, message: jobMessage('finished'), result });
              } catch (e) {
                finish({ state: 'failed', message: jobMessage('failed'), error: e instanceof Error ? e.message : String(e) });
              }
            };
            // onDone writes on the main thread (an audit row, a rename): not while an exclusive job holds the stores.
            if (onDone && !opts.exclusive && this.exclusive.size > 0) void this.whenNoExclusiveJob().then(complete);
            else complete();
            break;
          }
          case 'write-turn': {
            job.wrote = true;
            let end!: () => void;
            const turn = new Promise<void>((resolve) => (end = resolve));
            this.exclusive.add(turn);
            job.endTurn = () => {
              job.endTurn = null;
              this.exclusive.delete(turn);
              this.writing.delete(turn);
              end();
            };
            this.grantTurn(() => {
              if (!job.endTurn) return;
              this.writing.add(turn);
              worker.postMessage({ type: 'write-granted', jobId: id } satisfies MainToWorker);
            });
            break;
          }
          case 'write-done':
            job.endTurn?.();
            break;
          case 'failed':
            release();
            job.appError = msg.appError;
            finish(
              msg.code === 'cancelled'
                ? { state: 'cancelled', message: jobMessage('cancelled') }
                : { state: 'failed', message: jobMessage('failed'), error: msg.message, ...(msg.appError ? { problem: msg.appError } : {}) },
            );
            break;
          default: {
            const never: never = msg;
            throw new Error(`unknown worker message ${JSON.stringify(never)}`);
          }
        }
      };
      const onError = (e: Error) => finish({ state: 'failed', message: jobMessage('failed'), error: e.message });
      const onExit = (code: number) => {
        if (job.status.state === 'running') finish(code === 0 ? { state: 'failed', message: jobMessage('failed'), error: 'The background task stopped without a result.' } : { state: 'cancelled', message: jobMessage('cancelled') });
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(call, opts.transfer);
    };
    // An exclusive job (an erasure) holds back every write while it exists, so it never waits in
    // line for a thread; it waits only for the main-thread writers already under way.
    if (opts.exclusive) this.grantTurn(launch);
    else {
      job.status = { ...job.status, message: jobMessage('waiting') };
      this.waiting.push(launch);
      this.launchWaiting();
    }
    return job.status as JobStatus<K>;
  }

  /**
   * Runs a job to its end for a call that answers with the job's result (no progress polling):
   * resolves with the worker's output, or rejects with the AppError the body threw, or a failure.
   */
  async run<K extends PlainKind>(kind: K, params: JobParams<K>, actor: Actor, opts: StartOptions = {}): Promise<JobOutput<K>> {
    // A call waiting for its own job writes nothing meanwhile. Counted as a writer, it would hold
    // back the job it waits for (its write turns, or its start when exclusive) for ever.
    const caller = this.writer.getStore();
    const paused = caller?.counted === true;
    if (paused) {
      caller.counted = false;
      this.writerEnded();
    }
    const { id } = this.start<K>(kind, params, actor, (output) => output as JobResult<K>, opts);
    const job = this.jobs.get(id)!;
    await job.ended;
    if (paused) await this.writerStarts(caller);
    if (job.status.state === 'done') return job.output as JobOutput<K>;
    if (job.appError) {
      const e = job.appError;
      throw new AppError(e.code, e.message, e.fields, e.key, e.params);
    }
    throw new Error(`job ${kind} ${job.status.state}: ${job.status.error ?? ''}`);
  }

  /**
   * Runs a read-only body in the long-lived query worker and answers with its output, or rejects
   * with the AppError the body threw, or jobs.read_failed when the read failed otherwise or the
   * worker died. For short reads a call waits for: no job id,
   * no progress, no cancel, and no thread start per call.
   */
  async query<K extends PlainKind>(kind: K, params: JobParams<K>, actor: Actor): Promise<JobOutput<K>> {
    const { stores, deps } = this.env;
    if (!stores) throw appError('store_unavailable');
    if (!deps.workerEntry) throw appError('jobs.unavailable');
    this.queries ??= new ServingWorker({
      data: { mode: 'query', ...this.access(stores) },
      entry: deps.workerEntry,
      lost: (message): JobEnd => ({ type: 'failed', message }),
    });
    const end = await this.queries.call({ kind, params, actor: { staffId: actor.staffId, displayName: actor.displayName } });
    switch (end.type) {
      case 'done':
        return parseJobOutput(kind, end.result);
      case 'failed': {
        const e = end.appError;
        if (e) throw new AppError(e.code, e.message, e.fields, e.key, e.params);
        // The reader died or its read failed (a damaged file, a lock held too long): the call says
        // so and the worker is started again at the next call.
        this.env.deps.logger?.error({ err: new Error(end.message), kind }, 'background read failed');
        throw appError('jobs.read_failed');
      }
      default: {
        const never: never = end;
        throw new Error(`unknown query answer ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * Runs a PASSIVE checkpoint of `store` in the long-lived checkpoint worker, off the main thread.
   * False when this build has no worker threads (the caller then checkpoints itself).
   */
  async checkpoint(store: CheckpointCall['store']): Promise<boolean> {
    const { stores, deps } = this.env;
    if (!stores || !deps.workerEntry || this.stopped) return false;
    this.checkpoints ??= new ServingWorker({
      data: { mode: 'checkpoint', ...this.access(stores) },
      entry: deps.workerEntry,
      lost: (message) => ({ error: message }),
    });
    const { error } = await this.checkpoints.call({ store });
    if (error !== null) this.env.deps.logger?.error({ err: new Error(error), store }, 'checkpoint failed');
    return true;
  }

  /**
   * After a job that wrote: a job may leave its writes in the WAL (the opt-out import turns
   * SQLite's automatic checkpoint off), and the main connection checkpoints only after its own writes.
   */
  private checkpointAll(): void {
    for (const store of ['customers', 'contests'] as const) void this.checkpoint(store);
  }

  private access(stores: Stores): StoreAccess {
    return { dataDir: stores.dataDir, customersKeyHex: stores.customersKeyHex, contestsKeyHex: stores.contestsKeyHex, nativeBinding: this.env.deps.nativeBinding };
  }

  /** Starts jobs from the line while threads are free (a launch of a job cancelled meanwhile starts nothing). */
  private launchWaiting(): void {
    while (this.waiting.length > 0 && this.working < (this.env.threads ?? JOB_THREADS)) this.waiting.shift()!();
  }

  /**
   * Runs a main-thread call that may write: once no exclusive job and no worker's write turn holds
   * the stores, and counted until it ends, so no write turn is granted while it is in progress
   * (it may await, then write). Its writes then never wait for a worker's lock inside SQLite, which
   * would block the event loop.
   */
  async mainWrite<T>(run: () => Promise<T>): Promise<T> {
    const me: WriterCall = { counted: false, ended: false };
    await this.writerStarts(me);
    try {
      return await this.writer.run(me, run);
    } finally {
      me.ended = true;
      if (me.counted) {
        me.counted = false;
        this.writerEnded();
      }
    }
  }

  private async writerStarts(me: WriterCall): Promise<void> {
    if (this.exclusive.size > 0) await this.whenNoExclusiveJob();
    if (me.ended) return;
    this.mainWriters++;
    me.counted = true;
  }

  private writerEnded(): void {
    if (--this.mainWriters === 0) for (const grant of this.turnsAsked.splice(0)) grant();
  }

  /** Grants a write turn now, or when the main-thread calls that may write have ended. */
  private grantTurn(grant: () => void): void {
    if (this.mainWriters === 0) grant();
    else this.turnsAsked.push(grant);
  }

  /** Resolves when no exclusive job is running (at once when none is). */
  async whenNoExclusiveJob(): Promise<void> {
    while (this.exclusive.size > 0) await Promise.all(this.exclusive);
  }

  /**
   * True while a worker may be writing: an exclusive job runs or a write turn has been granted. A turn
   * still waiting for main-thread calls to end does not count, so a write on behalf of such a call
   * may go ahead (waiting for that turn from inside the call would wait forever).
   */
  get workersWriting(): boolean {
    return this.writing.size > 0;
  }

  /** Resolves when workersWriting is false (at once when it is). */
  async whenWorkersIdle(): Promise<void> {
    while (this.writing.size > 0) await Promise.all(this.writing);
  }

  get(id: string, actor: Actor): JobStatus {
    const job = this.jobs.get(id);
    if (!job || job.ownerId !== actor.staffId) throw appError('jobs.not_found');
    return job.status;
  }

  cancel(id: string, actor: Actor): JobStatus {
    const job = this.jobs.get(id);
    if (!job || job.ownerId !== actor.staffId) throw appError('jobs.not_found');
    const worker = job.worker;
    // A job still in line ends at once; its launch does nothing when its turn comes.
    if (job.status.state === 'running' && !worker && !job.delivered) job.cancelWaiting();
    else if (job.status.state === 'running' && worker) {
      worker.postMessage({ type: 'cancel', jobId: id } satisfies MainToWorker);
      // The worker stops at its next checkpoint and rolls back; terminate if it does not answer. Once
      // it has answered, the thread may be at another job: it is left alone.
      setTimeout(() => {
        if (job.worker === worker) void worker.terminate();
      }, 5000).unref();
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
    await job.ended;
    return job.status;
  }

  async stopAll(): Promise<void> {
    this.stopped = true;
    this.waiting.length = 0;
    const threads = new Set([...this.idleThreads.splice(0), ...[...this.jobs.values()].flatMap((j) => (j.worker ? [j.worker] : []))]);
    await Promise.all([...[...threads].map((w) => w.terminate()), this.queries?.stop(), this.checkpoints?.stop()]);
  }

  /** An idle job thread, or a new one. Kept after its job: see JobWorkerData. */
  private jobThread(stores: Stores): Worker {
    const idle = this.idleThreads.pop();
    if (idle) {
      idle.ref();
      return idle;
    }
    const entry = this.env.deps.workerEntry!;
    const worker = new Worker(entry.file, { workerData: { mode: 'job', ...this.access(stores) } satisfies JobWorkerData, execArgv: entry.execArgv });
    worker.on('exit', () => {
      const i = this.idleThreads.indexOf(worker);
      if (i >= 0) this.idleThreads.splice(i, 1);
    });
    return worker;
  }

  private prune(): void {
    const now = this.env.clock.now().getTime();
    for (const [id, job] of this.jobs) if (job.finishedAt !== null && now - job.finishedAt > KEEP_FINISHED_MS) this.jobs.delete(id);
  }
}
