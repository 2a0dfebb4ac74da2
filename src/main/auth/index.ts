import type { MainFeature } from '../context';
import { authHandlers } from './handlers';

export const authMain = { handlers: authHandlers, jobs: {} } satisfies MainFeature<'auth'>;
