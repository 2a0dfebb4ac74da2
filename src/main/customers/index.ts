import type { MainFeature } from '../context';
import { customersHandlers } from './handlers';

export const customersMain = { handlers: customersHandlers, jobs: {} } satisfies MainFeature<'customers'>;
