import type { MainFeature } from '../context';
import { settingsHandlers } from './handlers';

export const settingsMain = { handlers: settingsHandlers, jobs: {} } satisfies MainFeature<'settings'>;
