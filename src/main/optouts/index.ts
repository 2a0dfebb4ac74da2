import type { MainFeature } from '../context';
import { optoutsHandlers } from './handlers';
import { optoutsJobs } from './jobs';

export const optoutsMain = { handlers: optoutsHandlers, jobs: optoutsJobs } satisfies MainFeature<'optouts'>;
