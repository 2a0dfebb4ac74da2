import type { MainFeature } from '../context';
import { exportsHandlers } from './handlers';
import { exportsJobs } from './jobs';

export const exportsMain = { handlers: exportsHandlers, jobs: exportsJobs } satisfies MainFeature<'exports'>;
