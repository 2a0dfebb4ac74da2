import type { MainFeature } from '../context';
import { reportsHandlers } from './handlers';
import { reportJob, reportPdfJob } from './job';

export const reportsMain = { handlers: reportsHandlers, jobs: { 'reports.summary': reportJob, 'reports.pdf': reportPdfJob } } satisfies MainFeature<'reports'>;
