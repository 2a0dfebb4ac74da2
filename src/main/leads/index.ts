import type { MainFeature } from '../context';
import { leadsHandlers } from './handlers';

export const leadsMain = { handlers: leadsHandlers, jobs: {} } satisfies MainFeature<'leads'>;
