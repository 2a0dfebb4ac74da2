import type { MainFeature } from '../context';
import { syncHandlers } from './handlers';

export const syncMain = { handlers: syncHandlers, jobs: {} } satisfies MainFeature<'sync'>;
