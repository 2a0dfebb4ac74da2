import type { MainFeature } from '../context';
import { eventsHandlers } from './handlers';

export const eventsMain = { handlers: eventsHandlers, jobs: {} } satisfies MainFeature<'events'>;
