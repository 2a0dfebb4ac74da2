import type { MainFeature } from '../context';
import { dsrHandlers } from './handlers';

export const dsrMain = { handlers: dsrHandlers, jobs: {} } satisfies MainFeature<'dsr'>;
