import type { FeatureJobs } from '../context';
import { reportJob, reportPdfJob } from './job';

/** The bodies of this feature's job kinds. The worker thread loads only these files, not the handlers. */
export const reportsJobs = { 'reports.summary': reportJob, 'reports.pdf': reportPdfJob } satisfies FeatureJobs<'reports'>;
