import type { FeatureJobs } from '../context';
import { importApplyJob, importPreviewJob } from './import-job';

/** The bodies of this feature's job kinds. The worker thread loads only these files, not the handlers. */
export const optoutsJobs = { 'optouts.importPreview': importPreviewJob, 'optouts.importApply': importApplyJob } satisfies FeatureJobs<'optouts'>;
