// The job worker's entry in tests, benchmarks and the browser bridge, which run the TypeScript
// source. Node 20 does not apply `--import tsx` from a Worker's execArgv to the worker's own entry
// file, so tsx is registered in this thread first and the TypeScript worker is imported after it.
import { register } from 'tsx/esm/api';

register();
await import('../../src/main/jobs/worker.ts');
