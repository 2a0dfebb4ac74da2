// Worker entry for tests and the benchmark: registers tsx in this worker thread, then loads the
// TypeScript job worker. Needed because on Node 20 `execArgv: ['--import', 'tsx']` does not apply
// its loader to a worker's entry file ("Unknown file extension .ts"). workerData and parentPort
// are per thread, so the job worker sees them as if it had been started directly.
import { register } from 'tsx/esm/api';

register();
await import('../../src/main/jobs/worker.ts');
