import type { FeatureJobs } from '../context';
import type { JobBody } from '../jobs/job-context';
import { eraseSubject } from './erase';

/** Worker: the erasure on write connections of its own (erase.ts). Not cancellable: it must finish. */
const eraseJob: JobBody<'dsr.erase'> = async (job) => {
  job.progress(0, 'Erasing…');
  return eraseSubject({ customers: job.open('customers', false), contests: job.open('contests', false), actor: job.actor }, job.params);
};

/** The bodies of this feature's job kinds. The worker thread loads only these files, not the handlers. */
export const dsrJobs = { 'dsr.erase': eraseJob } satisfies FeatureJobs<'dsr'>;
