import { parentPort, workerData } from 'node:worker_threads';
import { applyConnectionPragmas, openKeyed, storeFile } from '../db/open-store';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { CheckpointAnswer, CheckpointCall, JobCall, JobEnd, MainToWorker, QueryAnswer, QueryCall, StoreAccess, WorkerData, WorkerToMain } from './protocol';
import { isJobKind, parseJobParams, type JobKind } from '../../shared/contract';
import { jobMessage } from '../../shared/contract/jobs';
import { AppError } from '../../shared/errors';
import { jobBodies } from './bodies';
import type { JobContext } from './job-context';
import { lowerThisThread, WORKER_NICE_STEPS } from './thread-priority';

/** Entry of every worker thread: a job thread, the query worker or the checkpoint worker. Opens its own connections; never shares the main one. */
const data = workerData as WorkerData;
const port = parentPort!;

class JobCancelled extends Error {}

function openStore(access: StoreAccess, store: 'customers' | 'contests', readonly: boolean): Database {
  const db = openKeyed(storeFile(access.dataDir, store), store === 'customers' ? access.customersKeyHex : access.contestsKeyHex, {
    nativeBinding: access.nativeBinding,
    readonly,
    fileMustExist: true,
  });
  if (!readonly) applyConnectionPragmas(db);
  else {
    db.pragma('busy_timeout = 5000');
    // Sorts and temporary indexes stay in memory: a temp file would hold personal data in clear.
    db.pragma('temp_store = MEMORY');
  }
  return db;
}

/** The kind's body with its params checked against the kind's schema; its end as a message. */
async function runBody<K extends JobKind>(kind: K, ctx: (kind: K) => JobContext<K>): Promise<JobEnd> {
  try {
    return { type: 'done', result: await jobBodies[kind](ctx(kind)) };
  } catch (e) {
    return e instanceof JobCancelled
      ? { type: 'failed', message: 'cancelled', code: 'cancelled' }
      : e instanceof AppError
        ? { type: 'failed', message: e.message, appError: e.toData() }
        : { type: 'failed', message: e instanceof Error ? e.message : String(e) };
  }
}

/** The job at work in this thread: how its cancel and its write turn reach it. */
let current: { jobId: string; cancel(): void; grant(): void } | null = null;

/** Runs the jobs main sends, one at a time; main sends the next only once this one has ended. */
function serveJobs(access: StoreAccess): void {
  let queue = Promise.resolve();
  port.on('message', (m: MainToWorker) => {
    switch (m.type) {
      case 'job':
        queue = queue.then(() => runJob(access, m));
        break;
      case 'cancel':
        if (current?.jobId === m.jobId) current.cancel();
        break;
      case 'write-granted':
        if (current?.jobId === m.jobId) current.grant();
        break;
      default: {
        const never: never = m;
        throw new Error(`unknown message ${JSON.stringify(never)}`);
      }
    }
  });
}

async function runJob(access: StoreAccess, job: JobCall): Promise<void> {
  let cancelled = false;
  let granted: (() => void) | null = null;
  current = {
    jobId: job.jobId,
    cancel: () => (cancelled = true),
    grant: () => granted?.(),
  };
  const opened: Database[] = [];
  let lastProgressAt = 0;
  const contextFor = <K extends JobKind>(kind: K): JobContext<K> => ({
    jobId: job.jobId,
    params: parseJobParams(kind, job.params),
    actor: job.actor,
    open(store, readonly) {
      const db = openStore(access, store, readonly);
      opened.push(db);
      return db;
    },
    progress(progress, step, params) {
      const now = Date.now();
      if (now - lastProgressAt < 50 && progress < 1) return;
      lastProgressAt = now;
      port.postMessage({ type: 'progress', progress, message: jobMessage(step, params) } satisfies WorkerToMain);
    },
    checkCancelled() {
      if (cancelled) throw new JobCancelled();
    },
    async yieldToMessages() {
      await new Promise((r) => setImmediate(r));
      if (cancelled) throw new JobCancelled();
    },
    async writeTurn(write) {
      await new Promise<void>((resolve) => {
        granted = resolve;
        port.postMessage({ type: 'write-turn' } satisfies WorkerToMain);
      });
      granted = null;
      try {
        return write();
      } finally {
        port.postMessage({ type: 'write-done' } satisfies WorkerToMain);
      }
    },
  });
  try {
    const end: JobEnd = isJobKind(job.kind) ? await runBody(job.kind, contextFor) : { type: 'failed', message: `unknown job kind ${String(job.kind)}` };
    port.postMessage(end satisfies WorkerToMain);
  } finally {
    current = null;
    for (const db of opened) db.close();
  }
}

/**
 * Answers calls one at a time, in the order they come, on read-only connections opened at the
 * first call and kept. A body that asks for a write connection fails: writes belong to jobs.
 */
function serveQueries(access: StoreAccess): void {
  const connections = new Map<'customers' | 'contests', Database>();
  const readOnly = (store: 'customers' | 'contests', readonly: boolean): Database => {
    if (!readonly) throw new Error('the query worker opens read-only connections only');
    let db = connections.get(store);
    if (!db) connections.set(store, (db = openStore(access, store, true)));
    return db;
  };
  let queue = Promise.resolve();
  port.on('message', (call: QueryCall) => {
    queue = queue.then(async () => {
      const contextFor = <K extends JobKind>(kind: K): JobContext<K> => ({
        jobId: `query-${call.id}`,
        params: parseJobParams(kind, call.params),
        actor: call.actor,
        open: readOnly,
        progress() {},
        checkCancelled() {},
        yieldToMessages: () => new Promise((r) => setImmediate(r)),
        writeTurn: () => Promise.reject(new Error('the query worker does not write')),
      });
      const end: JobEnd = isJobKind(call.kind) ? await runBody(call.kind, contextFor) : { type: 'failed', message: `unknown job kind ${String(call.kind)}` };
      port.postMessage({ ...end, id: call.id } satisfies QueryAnswer);
    });
  });
}

/**
 * Runs PASSIVE checkpoints, one at a time, on write connections opened at the first call and kept.
 * A checkpoint copies the WAL into the database file and syncs both: disk work that would otherwise
 * hold the main thread. PASSIVE never waits for a reader or a writer.
 */
function serveCheckpoints(access: StoreAccess): void {
  const connections = new Map<'customers' | 'contests', Database>();
  port.on('message', (call: CheckpointCall) => {
    let error: string | null = null;
    try {
      let db = connections.get(call.store);
      if (!db) connections.set(call.store, (db = openStore(access, call.store, false)));
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    port.postMessage({ id: call.id, error } satisfies CheckpointAnswer);
  });
}

lowerThisThread(WORKER_NICE_STEPS[data.mode]);

switch (data.mode) {
  case 'job':
    serveJobs(data);
    break;
  case 'query':
    serveQueries(data);
    break;
  case 'checkpoint':
    serveCheckpoints(data);
    break;
  default: {
    const never: never = data;
    throw new Error(`unknown worker mode ${JSON.stringify(never)}`);
  }
}
