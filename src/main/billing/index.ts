import type { MainFeature } from '../context';
import { billingHandlers } from './handlers';

export const billingMain = { handlers: billingHandlers, jobs: {} } satisfies MainFeature<'billing'>;
