import type { MainFeature } from '../context';
import { entriesHandlers } from './handlers';

export const entriesMain = { handlers: entriesHandlers, jobs: {} } satisfies MainFeature<'entries'>;
