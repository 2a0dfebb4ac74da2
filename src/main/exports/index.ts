import type { MainFeature } from '../context';
import { exportsHandlers } from './handlers';
import { exportJob } from './job';

export const exportsMain = { handlers: exportsHandlers, jobs: { 'exports.write': exportJob } } satisfies MainFeature<'exports'>;
