import type { MainFeature } from '../context';
import { appHandlers } from './handlers';

export const appMain = { handlers: appHandlers, jobs: {} } satisfies MainFeature<'app'>;
