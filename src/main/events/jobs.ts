import type { FeatureJobs } from '../context';
import type { JobBody } from '../jobs/job-context';
import { countEntries, listEvents } from './repo';

/** Worker: every event with its entry count (a count of each event's entries). */
const listJob: JobBody<'events.list'> = async (job) => listEvents(job.open('contests', true));

/** Worker: the number of one event's entries, for its detail view. */
const entryCountJob: JobBody<'events.entryCount'> = async (job) => ({ entryCount: countEntries(job.open('contests', true), job.params.eventId) });

/** The bodies of this feature's job kinds. The worker thread loads only these files, not the handlers. */
export const eventsJobs = { 'events.list': listJob, 'events.entryCount': entryCountJob } satisfies FeatureJobs<'events'>;
