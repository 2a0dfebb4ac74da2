import type { AppErrorData } from '../errors';
import { z } from 'zod';
import { channel, feature } from './define';
import { uuid } from '../fields';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

/** What a job is doing, as a key the renderer words (`job.step.<key>`), with the numbers it needs. */
export const JOB_STEPS = [
  'waiting',
  'starting',
  'reading',
  'reading_file',
  'checking_rows',
  'looking_up',
  'updating_suppression',
  'updating_accounts',
  'writing_rows',
  'counting',
  'printing',
  'erasing',
  'finished',
  'failed',
  'cancelled',
] as const;
export type JobStep = (typeof JOB_STEPS)[number];

/** A progress line: its key and parameters (row counts). Words travel only as keys. */
export interface JobMessage {
  key: JobStep;
  params: Record<string, number>;
}

export const jobMessage = (key: JobStep, params: Record<string, number> = {}): JobMessage => ({ key, params });

/** K: the job's kind, a JobKind of the contract. */
export interface JobStatus<K extends string = string> {
  id: string;
  kind: K;
  state: JobState;
  /** 0..1 */
  progress: number;
  message: JobMessage;
  /** Set when state is 'done': the job's own report, of the kind's result schema (read it with parseJobResult). */
  result?: unknown;
  error?: string;
  /** Set when the job's body refused with a known error (a card number in an imported file): shown in the user's language. */
  problem?: AppErrorData;
}

export const jobsFeature = feature('jobs', {
  channels: {
    /** Any signed-in user may poll a job, but only the staff member who started it sees it. */
    'jobs.get': channel<JobStatus>()('signed_in', z.object({ id: uuid }).strict()),
    'jobs.cancel': channel<JobStatus>()('signed_in', z.object({ id: uuid }).strict()),
  },
});
