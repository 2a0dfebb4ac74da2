import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lowerThisThread, WORKER_NICE_STEPS } from '../../src/main/jobs/thread-priority';
import { startCore, withStaff, type TestCore } from '../support/core';

/**
 * Worker threads run below the main thread's priority, so a busy job cannot make the main thread
 * (and every window) wait for a core. Read from the kernel's own view of this process's threads.
 */

/** Each thread of this process with its nice value (field 19 of /proc/<pid>/task/<tid>/stat). */
function threadNice(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended while we listed them
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(Number(tid), Number(fields[19 - 3]));
  }
  return out;
}

let t: TestCore;
beforeAll(async () => {
  t = await startCore({ deviceName: 'priority-test' });
  await withStaff(t, ['office_staff']);
});
afterAll(async () => {
  await t.close();
});

describe('worker thread priority', () => {
  it('the query worker runs below the main thread, and the main thread keeps its priority', async () => {
    const base = threadNice().get(process.pid)!;
    const lowered = Math.min(19, base + WORKER_NICE_STEPS.query);
    expect(lowered, 'run the tests at a nice value below 19').toBeGreaterThan(base);
    expect([...threadNice().values()]).not.toContain(lowered);

    await t.must('office_staff', 'customers.search', { query: 'virtanen' });

    const after = threadNice();
    expect(after.get(process.pid)).toBe(base);
    expect([...after.values()].filter((n) => n === lowered)).toHaveLength(1);
  });

  it('leaves the priority alone where the call would change the whole process', () => {
    expect(lowerThisThread(10, 'darwin')).toBeNull();
    expect(lowerThisThread(10, 'win32')).toBeNull();
  });
});
