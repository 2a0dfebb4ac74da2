import type { MainFeature } from '../context';
import { jobsHandlers } from './handlers';

export const jobsMain = { handlers: jobsHandlers, jobs: {} } satisfies MainFeature<'jobs'>;
