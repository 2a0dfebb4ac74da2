/**
 * The catch-up of capture audit rows (src/main/booth/capture-audit.ts) with a large backlog, as a
 * crash or a large pull of entries leaves it: it holds the main thread for one batch at a time,
 * audits each entry exactly once, and survives the store closing in the middle.
 */
import path from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { verifyAudit } from '../../src/main/audit/log';
import { auditWatermark, catchUpCaptureAudit } from '../../src/main/booth/capture-audit';
import { manualClock, startCore, TEST_PASSWORD, withStaff, type TestCore } from '../support/core';
import { entryFor, makeEvent, TODAY } from './booth-support';
import { sampleEntries, seedEntries } from './exports-support';

const BACKLOG = 20_000;
/** The most entries one batch of the catch-up may audit (its row limit). */
const BATCH = 250;

const clock = () => manualClock(new Date(`${TODAY}T09:00:00Z`));
let cores: TestCore[] = [];
afterEach(async () => {
  for (const t of cores) await t.close();
  cores = [];
});

/** A core with staff, an event and BACKLOG entries that have no capture audit rows. */
async function withBacklog(): Promise<{ t: TestCore; eventId: number; uuids: string[] }> {
  const t = await startCore({ clock: clock() });
  cores.push(t);
  await withStaff(t, ['booth_staff', 'manager']);
  const ev = await makeEvent(t);
  const uuids = seedEntries(t.core.stores!.contests, ev, sampleEntries(ev, BACKLOG));
  return { t, eventId: ev.id, uuids };
}

const maxEntryId = (contests: Database) => contests.prepare('SELECT max(id) FROM entries').pluck().get() as number;

/**
 * Reads the watermark once per turn of the event loop until it reaches `last` or `done` settles:
 * what another call arriving at the main thread would see between batches.
 */
async function watchWatermark<T>(customers: Database, last: number, done: Promise<T>): Promise<{ value: T; seen: number[] }> {
  const seen = [auditWatermark(customers)];
  let settled = false;
  const finished = done.finally(() => (settled = true));
  for (let guard = 0; guard < 1_000_000 && !settled && seen.at(-1)! < last; guard++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    seen.push(auditWatermark(customers));
  }
  return { value: await finished, seen };
}

function captureRows(customers: Database): { n: number; distinct: number; subjects: Set<string> } {
  const rows = customers.prepare("SELECT subject_id FROM audit_log WHERE action = 'entries.capture'").pluck().all() as string[];
  return { n: rows.length, distinct: new Set(rows).size, subjects: new Set(rows) };
}

describe('capture audit catch-up', () => {
  it('audits a backlog in batches, letting the event loop turn between them, each entry once, before the view of entries answers', async () => {
    const { t, eventId, uuids } = await withBacklog();
    const { customers, contests } = t.core.stores!;
    expect(auditWatermark(customers)).toBe(0);

    const { value: events, seen } = await watchWatermark(customers, maxEntryId(contests), t.must('manager', 'entries.events', {}));

    // The manager's view waited for the catch-up: every entry it counts is audited.
    expect(events.find((e) => e.id === eventId)?.entryCount).toBe(BACKLOG);
    expect(auditWatermark(customers)).toBe(maxEntryId(contests));
    // Other callbacks ran between batches, and no batch audited more than its row limit at once.
    const marks = [0, ...seen];
    const steps = marks.slice(1).map((w, i) => w - marks[i]!);
    expect(Math.max(...steps)).toBeLessThanOrEqual(BATCH);
    expect(new Set(seen.filter((w) => w > 0 && w < maxEntryId(contests))).size).toBeGreaterThanOrEqual(BACKLOG / BATCH - 1);

    const audit = captureRows(customers);
    expect(audit.n).toBe(BACKLOG);
    expect(audit.distinct).toBe(BACKLOG);
    expect(uuids.every((u) => audit.subjects.has(u))).toBe(true);
    expect(verifyAudit(customers)).toMatchObject({ ok: true });

    // A view of entries is recorded after the captures it shows.
    await t.must('manager', 'entries.list', { eventId });
    const lastCapture = customers.prepare("SELECT max(seq) FROM audit_log WHERE action = 'entries.capture'").pluck().get() as number;
    const read = customers.prepare("SELECT min(seq) FROM audit_log WHERE action = 'read.entries'").pluck().get() as number;
    expect(read).toBeGreaterThan(lastCapture);
  });

  it('lets the kiosk answer at once while the backlog is audited behind it', async () => {
    const { t, eventId } = await withBacklog();
    const { customers, contests } = t.core.stores!;

    const events = await t.must('booth_staff', 'booth.events', {});
    expect(events.map((e) => e.id)).toContain(eventId);
    // The kiosk's call started the catch-up but did not wait for it.
    expect(auditWatermark(customers)).toBeLessThan(maxEntryId(contests));

    // A capture meanwhile answers before the backlog is done, and the catch-up audits it too.
    const captured = await t.must('booth_staff', 'booth.capture', await entryFor(t, eventId, { email: 'walk.in@example.fi' }));
    expect(captured.outcome).toBe('saved');
    expect(auditWatermark(customers)).toBeLessThan(maxEntryId(contests));

    const done = await catchUpCaptureAudit(t.core.stores!, () => new Date().toISOString());
    expect(done).toBeGreaterThan(0);
    expect(auditWatermark(customers)).toBe(maxEntryId(contests));
    const audit = captureRows(customers);
    expect(audit).toMatchObject({ n: BACKLOG + 1, distinct: BACKLOG + 1 });
    if (captured.outcome === 'saved') expect(audit.subjects.has(captured.entryId)).toBe(true);
    expect(verifyAudit(customers)).toMatchObject({ ok: true });
  });

  it('runs one catch-up per store: concurrent callers share it and write each row once', async () => {
    const { t, eventId } = await withBacklog();
    const { customers, contests } = t.core.stores!;
    const now = () => new Date().toISOString();

    const first = catchUpCaptureAudit(t.core.stores!, now);
    expect(catchUpCaptureAudit(t.core.stores!, now)).toBe(first);
    // Let a few batches run, then pile on: two views of entries, a capture and a second direct call.
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    expect(auditWatermark(customers)).toBeGreaterThan(0);
    expect(auditWatermark(customers)).toBeLessThan(maxEntryId(contests));
    const input = await entryFor(t, eventId, { email: 'walk.in@example.fi' });
    const [written, events, stats, captured, again] = await Promise.all([
      first,
      t.must('manager', 'entries.events', {}),
      t.must('manager', 'entries.stats', { eventId }),
      t.must('booth_staff', 'booth.capture', input),
      catchUpCaptureAudit(t.core.stores!, now),
    ]);
    expect(again).toBe(written);
    expect(events.find((e) => e.id === eventId)?.entryCount).toBe(BACKLOG + 1);
    expect(stats.total).toBe(BACKLOG + 1);
    expect(captured.outcome).toBe('saved');

    // Whatever is left (the capture, if it came after the last batch) is audited by the next catch-up.
    await catchUpCaptureAudit(t.core.stores!, now);
    const audit = captureRows(customers);
    expect(audit).toMatchObject({ n: BACKLOG + 1, distinct: BACKLOG + 1 });
    expect(auditWatermark(customers)).toBe(maxEntryId(contests));
    expect(verifyAudit(customers)).toMatchObject({ ok: true });
  });

  it('stops cleanly when the core closes mid catch-up, and the next start finishes it, each entry once', async () => {
    const { t, uuids } = await withBacklog();
    const { customers } = t.core.stores!;
    const { dataDir, vault } = t;

    const running = catchUpCaptureAudit(t.core.stores!, () => new Date().toISOString());
    for (let guard = 0; guard < 1_000 && auditWatermark(customers) < 3 * BATCH; guard++) await new Promise<void>((resolve) => setImmediate(resolve));
    cores = [];
    await t.close();
    const written = await running;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(BACKLOG);

    const again = await startCore({ dataDir, vault, clock: clock() });
    cores.push(again);
    const reopened = again.core.stores!.customers;
    // What the first run wrote is there, with its watermark: the rows and the mark went together.
    expect(captureRows(reopened).n).toBe(written);
    expect(auditWatermark(reopened)).toBeGreaterThan(0);
    await again.must('manager', 'auth.signIn', { username: 'manager', password: TEST_PASSWORD });
    await again.must('manager', 'entries.events', {});

    const audit = captureRows(reopened);
    expect(audit).toMatchObject({ n: BACKLOG, distinct: BACKLOG });
    expect(uuids.every((u) => audit.subjects.has(u))).toBe(true);
    expect(verifyAudit(reopened)).toMatchObject({ ok: true });
  });

  it("lets a job's write turn wait while a view of entries waits for the catch-up, then grants it", async () => {
    // This worker takes a write turn for any job and holds customers.db's write lock until released.
    const t = await startCore({ clock: clock(), workerEntry: { file: path.join(__dirname, '../support/write-turn-worker.mjs') } });
    cores.push(t);
    await withStaff(t, ['booth_staff', 'manager']);
    const ev = await makeEvent(t);
    const uuids = seedEntries(t.core.stores!.contests, ev, sampleEntries(ev, BACKLOG));
    const { customers, contests } = t.core.stores!;
    const control = new BroadcastChannel('write-turn-test');
    try {
      const holding = new Promise<void>((resolve) => {
        control.onmessage = (e) => {
          if ((e as { data: unknown }).data === 'holding') resolve();
        };
      });
      // The job's worker asks for its turn while the view below waits for the catch-up: the turn is
      // held back until the view ends, and the catch-up must not wait for that turn in return.
      await t.must('manager', 'reports.summary', { from: '2026-11-01', to: '2026-11-30' });
      // entries.get reads on the main thread (this test's worker answers no queries).
      const entry = await t.must('manager', 'entries.get', { id: uuids[0]! });
      expect(entry.eventId).toBe(ev.id);
      expect(auditWatermark(customers)).toBe(maxEntryId(contests));
      await holding;
      control.postMessage('release');
      expect(captureRows(customers)).toMatchObject({ n: BACKLOG, distinct: BACKLOG });
    } finally {
      control.close();
    }
  });
});
