// Worker entry for the restricted-records tests: Node 20 does not apply `--import tsx` from a
// Worker's execArgv to the worker's own entry file, so the TypeScript worker is loaded from here
// after registering tsx in this thread. (test/support/core.ts TEST_WORKER_ENTRY hits that bug.)
import { register } from 'tsx/esm/api';

register();
await import('../../src/main/jobs/worker.ts');
