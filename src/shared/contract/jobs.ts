import { z } from 'zod';
import { channel, feature } from './define';
import { uuid } from '../fields';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

/** K: the job's kind, a JobKind of the contract. */
export interface JobStatus<K extends string = string> {
  id: string;
  kind: K;
  state: JobState;
  /** 0..1 */
  progress: number;
  message: string;
  /** Set when state is 'done': the job's own report, of the kind's result schema (read it with parseJobResult). */
  result?: unknown;
  error?: string;
}

export const jobsFeature = feature('jobs', {
  channels: {
    /** Any signed-in user may poll a job, but only the staff member who started it sees it. */
    'jobs.get': channel<JobStatus>()('signed_in', z.object({ id: uuid }).strict()),
    'jobs.cancel': channel<JobStatus>()('signed_in', z.object({ id: uuid }).strict()),
  },
});
