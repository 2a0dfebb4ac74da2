import type { MainFeature } from '../context';
import { dsrHandlers } from './handlers';
import { dsrJobs } from './jobs';

export const dsrMain = { handlers: dsrHandlers, jobs: dsrJobs } satisfies MainFeature<'dsr'>;
