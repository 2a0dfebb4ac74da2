import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/shared/roles';
import { startCore, withStaff, type TestCore } from '../support/core';
import { nextTurn } from './dsr-support';

/**
 * A background job's worker thread runs below the main thread's priority (Linux: nice 10 for that
 * thread only), so on a busy machine the main thread, which answers the windows, gets the
 * processor first.
 */

let t: TestCore;

beforeAll(async () => {
  t = await startCore();
  await withStaff(t, ROLES);
});

afterAll(async () => {
  await t.close();
});

/** Nice value of each thread of this process, by thread id (field 19 of /proc/<pid>/task/<tid>/stat). */
function threadNices(): Map<number, number> {
  const nices = new Map<number, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      nices.set(Number(tid), Number(fields[16]));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return nices;
}

describe.runIf(process.platform === 'linux')('job worker priority', () => {
  it('a running import preview has a thread at nice 10 while the main thread stays at 0', async () => {
    const rows = ['email,list,reason,date'];
    for (let i = 0; i < 60_000; i++) rows.push(`person${i}@example.com,email_marketing,email,2026-11-20`);
    const before = new Set([...threadNices()].filter(([, nice]) => nice === 10).map(([tid]) => tid));
    const job = await t.must('office_staff', 'optouts.previewImport', { fileName: 'big.csv', content: rows.join('\n') });
    let lowered = false;
    for (let i = 0; i < 200_000 && !lowered; i++) {
      lowered = [...threadNices()].some(([tid, nice]) => nice === 10 && !before.has(tid));
      if (lowered) break;
      const s = await t.must('office_staff', 'jobs.get', { id: job.id });
      if (s.state !== 'running') break;
      await nextTurn();
    }
    expect(lowered).toBe(true);
    expect(threadNices().get(process.pid)).toBe(0);
  });
});
