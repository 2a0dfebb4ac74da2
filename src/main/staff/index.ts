import type { MainFeature } from '../context';
import { staffHandlers } from './handlers';

export const staffMain = { handlers: staffHandlers, jobs: {} } satisfies MainFeature<'staff'>;
