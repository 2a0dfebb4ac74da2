import type { MainFeature } from '../context';
import { customersHandlers } from './handlers';
import { customersJobs } from './jobs';

export const customersMain = { handlers: customersHandlers, jobs: customersJobs } satisfies MainFeature<'customers'>;
