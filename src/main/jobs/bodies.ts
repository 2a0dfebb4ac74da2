import type { JobKind } from '../../shared/contract';
import type { JobBody } from './job-context';
import { boothJobs } from '../booth/jobs';
import { customersJobs } from '../customers/jobs';
import { dsrJobs } from '../dsr/jobs';
import { entriesJobs } from '../entries/jobs';
import { eventsJobs } from '../events/jobs';
import { exportsJobs } from '../exports/jobs';
import { optoutsJobs } from '../optouts/jobs';
import { reportsJobs } from '../reports/jobs';
import { syncJobs } from '../sync/jobs';

/**
 * The body of every job kind, for the worker thread: each feature with jobs exports them from
 * src/main/<feature>/jobs.ts. Checked against every kind of the contract, so a kind without a body
 * does not type-check. Kept apart from src/main/features.ts so a worker does not load every handler.
 */
export const jobBodies: { [K in JobKind]: JobBody<K> } = { ...boothJobs, ...customersJobs, ...dsrJobs, ...entriesJobs, ...eventsJobs, ...exportsJobs, ...optoutsJobs, ...reportsJobs, ...syncJobs };
