import type { MainFeature } from '../context';
import { entriesHandlers } from './handlers';
import { entriesJobs } from './jobs';

export const entriesMain = { handlers: entriesHandlers, jobs: entriesJobs } satisfies MainFeature<'entries'>;
