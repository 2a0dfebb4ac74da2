import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as WorkerThreads from 'node:worker_threads';
import type { Worker as RealWorker, WorkerOptions } from 'node:worker_threads';
import { ROLES } from '../../src/shared/roles';
import path from 'node:path';
import { manualClock, startCore, tempDir, withStaff, type TestCore } from '../support/core';
import { entryFor, makeEvent, nextTurn, register } from './dsr-support';

/**
 * The data subject lookup, access export and the access log of one person read in one long-lived
 * worker thread: no thread start per call, and the main thread never runs their scans.
 */

const started = vi.hoisted(() => [] as { worker: RealWorker; mode: string }[]);
vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof WorkerThreads>();
  class CountedWorker extends real.Worker {
    constructor(file: string | URL, opts?: WorkerOptions) {
      super(file, opts);
      started.push({ worker: this, mode: (opts?.workerData as { mode?: string } | undefined)?.mode ?? '?' });
    }
  }
  return { ...real, default: { ...real, Worker: CountedWorker }, Worker: CountedWorker };
});

let t: TestCore;
const PERSON = { name: 'Kaisa Kysyjä', email: 'kaisa.kysyja@example.fi' };
/** SQL the main thread's connections prepared, by store. */
const prepared: { store: 'customers' | 'contests'; sql: string }[] = [];

beforeAll(async () => {
  const outDir = tempDir('ixo-dsr-query-out-');
  t = await startCore({
    clock: manualClock(new Date('2026-11-26T09:00:00Z')),
    deviceName: 'query-worker-test',
    dialogs: { chooseSavePath: async () => path.join(outDir, 'access.json') },
  });
  await withStaff(t, ROLES);
  await register(t, { ...PERSON, marketing: true });
  const eventId = await makeEvent(t);
  const r = await t.must('booth_staff', 'booth.capture', await entryFor(t, eventId, { name: PERSON.name, email: PERSON.email }));
  if (r.outcome !== 'saved') throw new Error('capture failed');
  await nextTurn();
  for (const store of ['customers', 'contests'] as const) {
    const db = t.core.stores![store];
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => {
      prepared.push({ store, sql });
      return prepare(sql);
    }) as typeof db.prepare;
  }
});

let closed = false;
afterAll(async () => {
  if (!closed) await t.close();
});

const queryWorkers = () => started.filter((s) => s.mode === 'query');
const scansOfEntriesOnMain = () => prepared.filter((p) => p.store === 'contests' && /\bFROM entries\b/i.test(p.sql));

describe('the query worker', () => {
  it('answers lookups, exports and the access log by email from one warm thread, never scanning entries on the main thread', async () => {
    const before = started.length;
    for (let i = 0; i < 3; i++) {
      const summary = await t.must('manager', 'dsr.lookup', { email: PERSON.email });
      expect(summary.counts.contestEntries).toBe(1);
    }
    const log = await t.must('manager', 'dsr.accessLog', { email: PERSON.email });
    expect(log.rows.map((r) => r.action)).toContain('read.dsr_summary');
    const exported = await t.must('manager', 'dsr.exportAccess', { email: PERSON.email, reference: 'DSR-Q-1', format: 'json' });
    expect(exported.saved).toBe(true);
    expect(exported.summary.counts.contestEntries).toBe(1);

    expect(started.length - before).toBe(1);
    expect(queryWorkers()).toHaveLength(1);
    expect(scansOfEntriesOnMain()).toEqual([]);
    // Each call was audited on the main thread, the access log read too.
    const audited = t.core.stores!.customers.prepare("SELECT action FROM audit_log WHERE action IN ('read.dsr_summary', 'read.access_log') ORDER BY seq").pluck().all();
    expect(audited).toEqual(['read.dsr_summary', 'read.dsr_summary', 'read.dsr_summary', 'read.access_log']);
    expect(t.core.stores!.customers.prepare("SELECT count(*) FROM audit_log WHERE action = 'export.dsr_access'").pluck().get()).toBe(1);
  });

  it('is started again at the next call after it died, and the call succeeds', async () => {
    const first = queryWorkers().at(-1)!.worker;
    await first.terminate();
    const summary = await t.must('manager', 'dsr.lookup', { email: PERSON.email });
    expect(summary.empty).toBe(false);
    expect(queryWorkers()).toHaveLength(2);
    expect(queryWorkers().at(-1)!.worker).not.toBe(first);
  });

  it('ends with the core', async () => {
    const last = queryWorkers().at(-1)!.worker;
    const exited = new Promise<number>((resolve) => last.once('exit', resolve));
    closed = true;
    await t.close();
    await exited;
    expect(last.threadId).toBe(-1);
  });
});
