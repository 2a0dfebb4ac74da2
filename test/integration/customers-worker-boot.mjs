// Worker entry for the customers tests. Node 20 does not apply `--import tsx` from a Worker's
// execArgv to the worker's entry file, so tsx is registered here first and the TypeScript worker
// is loaded after it.
import { register } from 'tsx/esm/api';

register();
await import('../../src/main/jobs/worker.ts');
