import type { MainFeature } from '../context';
import { auditHandlers } from './handlers';

export const auditMain = { handlers: auditHandlers, jobs: {} } satisfies MainFeature<'audit'>;
