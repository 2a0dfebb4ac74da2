import type { MainFeature } from '../context';
import { reportsHandlers } from './handlers';
import { reportsJobs } from './jobs';

export const reportsMain = { handlers: reportsHandlers, jobs: reportsJobs } satisfies MainFeature<'reports'>;
