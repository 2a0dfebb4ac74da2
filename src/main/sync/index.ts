import type { MainFeature } from '../context';
import { syncHandlers } from './handlers';
import { syncJobs } from './jobs';

export const syncMain = { handlers: syncHandlers, jobs: syncJobs } satisfies MainFeature<'sync'>;
