import type { MainFeature } from '../context';
import { eventsHandlers } from './handlers';
import { eventsJobs } from './jobs';

export const eventsMain = { handlers: eventsHandlers, jobs: eventsJobs } satisfies MainFeature<'events'>;
