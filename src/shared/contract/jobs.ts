import { z } from 'zod';
import { channel } from './define';
import { uuid } from '../fields';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobStatus {
  id: string;
  kind: string;
  state: JobState;
  /** 0..1 */
  progress: number;
  message: string;
  /** Set when state is 'done': the job's own report. */
  result?: unknown;
  error?: string;
}

export const jobsChannels = {
  /** Any signed-in user may poll a job, but only the staff member who started it sees it. */
  'jobs.get': channel<JobStatus>()('signed_in', z.object({ id: uuid }).strict()),
  'jobs.cancel': channel<JobStatus>()('signed_in', z.object({ id: uuid }).strict()),
} as const;
