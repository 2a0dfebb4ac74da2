import type { FeatureJobs } from '../context';
import type { JobBody } from '../jobs/job-context';
import { searchAccounts, toSummary } from '../accounts/accounts-repo';

/** Worker: the accounts matching a search (at full size, name searches read tens of thousands of index entries). */
const searchJob: JobBody<'customers.search'> = async (job) => searchAccounts(job.open('customers', true), job.params.query).map(toSummary);

/** The bodies of this feature's job kinds. The worker thread loads only these files, not the handlers. */
export const customersJobs = { 'customers.search': searchJob } satisfies FeatureJobs<'customers'>;
