import type { FeatureJobs } from '../context';
import type { JobBody } from '../jobs/job-context';
import { boothCounts } from '../entries/repo';

/** Worker: the kiosk's counts of one event (its entries, today's, the flagged repeats and the age refusals). */
const countsJob: JobBody<'booth.counts'> = async (job) => boothCounts(job.open('contests', true), job.params.eventId, job.params.today);

/** The bodies of this feature's job kinds. The worker thread loads only these files, not the handlers. */
export const boothJobs = { 'booth.counts': countsJob } satisfies FeatureJobs<'booth'>;
