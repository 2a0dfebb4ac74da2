import type { FeatureJobs } from '../context';
import { exportJob } from './job';

/** The bodies of this feature's job kinds. The worker thread loads only these files, not the handlers. */
export const exportsJobs = { 'exports.write': exportJob } satisfies FeatureJobs<'exports'>;
