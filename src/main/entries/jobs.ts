import type { FeatureJobs } from '../context';
import type { JobBody } from '../jobs/job-context';
import { listEvents } from '../events/repo';
import { entryStats, listEntries } from './repo';

/** Worker: every event with its entry count (a count of each event's entries). */
const eventsJob: JobBody<'entries.events'> = async (job) => listEvents(job.open('contests', true));

/** Worker: one page of an event's entries and its count. */
const listJob: JobBody<'entries.list'> = async (job) => listEntries(job.open('contests', true), job.params);

/** Worker: an event's totals and its entries per day and hour (a pass over the event's entries). */
const statsJob: JobBody<'entries.stats'> = async (job) => entryStats(job.open('contests', true), job.params.eventId);

/** The bodies of this feature's job kinds. The worker thread loads only these files, not the handlers. */
export const entriesJobs = { 'entries.events': eventsJob, 'entries.list': listJob, 'entries.stats': statsJob } satisfies FeatureJobs<'entries'>;
