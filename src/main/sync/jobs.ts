import type { FeatureJobs } from '../context';
import type { JobBody } from '../jobs/job-context';
import { removeExpiredInBatches } from './retention';

/**
 * Worker: a booth's expired entries (retention.ts), on a write connection of its own, one batch per
 * write turn, so a capture on the main thread waits for one batch at most and never for the whole.
 */
const removeExpiredJob: JobBody<'sync.removeExpiredEntries'> = async (job) => {
  const db = job.open('contests', false);
  const removed = await removeExpiredInBatches(
    db,
    job.params.cutoff,
    (write) => job.writeTurn(write),
    () => job.yieldToMessages(),
  );
  return { removed };
};

/** The bodies of this feature's job kinds. The worker thread loads only these files, not the handlers. */
export const syncJobs = { 'sync.removeExpiredEntries': removeExpiredJob } satisfies FeatureJobs<'sync'>;
