import { parentPort, workerData } from 'node:worker_threads';
import { applyConnectionPragmas, openKeyed, storeFile } from '../db/open-store';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { JobWorkerData, MainToWorker, WorkerToMain } from './protocol';
import { isJobKind, parseJobParams, type JobKind } from '../../shared/contract';
import { jobMessage } from '../../shared/contract/jobs';
import { AppError } from '../../shared/errors';
import { jobBodies } from './bodies';
import type { JobContext } from './job-context';

/** Entry of every job's worker thread. Opens its own connections; never shares the main one. */
const data = workerData as JobWorkerData;
const port = parentPort!;
let cancelled = false;
port.on('message', (m: MainToWorker) => {
  if (m.type === 'cancel') cancelled = true;
});

const opened: Database[] = [];
const open = (store: 'customers' | 'contests', readonly: boolean): Database => {
  const db = openKeyed(storeFile(data.dataDir, store), store === 'customers' ? data.customersKeyHex : data.contestsKeyHex, {
    nativeBinding: data.nativeBinding,
    readonly,
    fileMustExist: true,
  });
  if (!readonly) applyConnectionPragmas(db);
  else {
    db.pragma('busy_timeout = 5000');
    // Sorts and temporary indexes stay in memory: a temp file would hold personal data in clear.
    db.pragma('temp_store = MEMORY');
  }
  opened.push(db);
  return db;
};

let lastProgressAt = 0;
const contextFor = <K extends JobKind>(kind: K): JobContext<K> => ({
  jobId: data.jobId,
  params: parseJobParams(kind, data.params),
  actor: data.actor,
  open,
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
});

/** The kind's body with its params checked against the kind's schema. */
const run = <K extends JobKind>(kind: K) => jobBodies[kind](contextFor(kind));

class JobCancelled extends Error {}

async function main(): Promise<void> {
  try {
    if (!isJobKind(data.kind)) throw new Error(`unknown job kind ${String(data.kind)}`);
    const result = await run(data.kind);
    port.postMessage({ type: 'done', result } satisfies WorkerToMain);
  } catch (e) {
    const msg: WorkerToMain =
      e instanceof JobCancelled
        ? { type: 'failed', message: 'cancelled', code: 'cancelled' }
        : e instanceof AppError
          ? { type: 'failed', message: e.message, appError: e.toData() }
          : { type: 'failed', message: e instanceof Error ? e.message : String(e) };
    port.postMessage(msg);
  } finally {
    for (const db of opened) db.close();
    // The cancel listener would keep this thread alive after its job; the result is already queued.
    port.unref();
  }
}

void main();
