import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../src/shared/contract/jobs';
import { startCore, withStaff, type TestCore } from '../support/core';

/**
 * Background jobs take at most `jobThreads` threads at once, so a core stays free for the main
 * thread; the others wait in line, in order, and a job still in line can be cancelled.
 */
let t: TestCore;
const RANGE = { from: '2026-11-01', to: '2026-11-30' };

async function waitJob(id: string): Promise<JobStatus> {
  for (let i = 0; i < 1_500; i++) {
    const s = await t.must('manager', 'jobs.get', { id });
    if (s.state !== 'running') return s;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`job ${id} still running`);
}

beforeAll(async () => {
  t = await startCore({ jobThreads: 1 });
  await withStaff(t, ['manager']);
});
afterAll(() => t.close());

describe('job threads', () => {
  it('a second job waits for the first, then runs; both finish', async () => {
    const first = await t.must('manager', 'reports.summary', RANGE);
    const second = await t.must('manager', 'reports.summary', RANGE);
    expect(first.message.key).toBe('starting');
    expect(second.message.key).toBe('waiting');
    expect((await t.must('manager', 'jobs.get', { id: second.id })).state).toBe('running');
    expect((await waitJob(first.id)).state).toBe('done');
    expect((await waitJob(second.id)).state).toBe('done');
  });

  // Linux, where CI runs: the process's threads are listed under /proc/self/task.
  it.runIf(process.platform === 'linux')('keeps the job thread for the next job: no thread starts or ends between jobs, and the waiting thread keeps nothing alive', async () => {
    const threads = () => fs.readdirSync('/proc/self/task').sort();
    const first = await t.must('manager', 'reports.summary', RANGE);
    expect((await waitJob(first.id)).state).toBe('done');
    const after = threads();
    for (let i = 0; i < 2; i++) {
      const next = await t.must('manager', 'reports.summary', RANGE);
      expect((await waitJob(next.id)).state).toBe('done');
    }
    expect(threads()).toEqual(after);
    // The idle thread's port is unreferenced: it does not count as an active resource.
    expect(process.getActiveResourcesInfo()).not.toContain('MessagePort');
  });

  it('a job cancelled while it waits ends at once, and the one behind it still runs', async () => {
    const first = await t.must('manager', 'reports.summary', RANGE);
    const second = await t.must('manager', 'reports.summary', RANGE);
    const third = await t.must('manager', 'reports.summary', RANGE);
    const cancelled = await t.must('manager', 'jobs.cancel', { id: second.id });
    expect(cancelled.state).toBe('cancelled');
    expect((await waitJob(first.id)).state).toBe('done');
    expect((await waitJob(third.id)).state).toBe('done');
    expect((await t.must('manager', 'jobs.get', { id: second.id })).state).toBe('cancelled');
  });
});
