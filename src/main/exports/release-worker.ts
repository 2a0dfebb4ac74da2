import { parentPort } from 'node:worker_threads';

/**
 * Lets this job's worker thread end once the job is over. Hazard (src/main/jobs/worker.ts): the
 * worker listens on its parent port for "cancel" messages, and a port with a listener keeps a
 * thread alive for good, so every finished job would leave a thread (tens of MB) behind until
 * the app quits; the Reports screen starts one per "Show report". Unref'ing the port at the end of
 * the job lets the thread exit once the runner has its answer (postMessage has already queued it
 * on the main side). Harmless if the runner learns to end its workers itself.
 */
export function releaseWorker(): void {
  parentPort?.unref();
}
