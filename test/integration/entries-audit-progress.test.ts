/**
 * entries.auditProgress: while the reads of entries wait for the audit of a large backlog of
 * captures (src/main/booth/capture-audit.ts), the Entries screen asks how far it is. On a real
 * encrypted store through the real core: the progress rises batch by batch and ends done, each
 * entry is audited once, and neither the progress calls nor the waiting read write an audit row
 * before the captures' rows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { verifyAudit } from '../../src/main/audit/log';
import { auditWatermark, catchUpCaptureAudit } from '../../src/main/booth/capture-audit';
import type { CaptureAuditProgress } from '../../src/shared/contract/entries';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';
import { entryFor, makeEvent, TODAY } from './booth-support';
import { sampleEntries, seedEntries } from './exports-support';

const BACKLOG = 20_000;

let cores: TestCore[] = [];
afterEach(async () => {
  for (const t of cores) await t.close();
  cores = [];
});

const maxEntryId = (contests: Database) => contests.prepare('SELECT max(id) FROM entries').pluck().get() as number;
const lastSeq = (customers: Database) => customers.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('entries.auditProgress', () => {
  it('reports the catch-up rising batch by batch to done while a read of entries waits, and nothing is audited out of order', async () => {
    const t = await startCore({ clock: manualClock(new Date(`${TODAY}T09:00:00Z`)) });
    cores.push(t);
    await withStaff(t, ['booth_staff', 'manager']);
    const ev = await makeEvent(t);
    const { customers, contests } = t.core.stores!;
    const now = () => new Date().toISOString();

    // One entry captured and audited the ordinary way, then a backlog below the audit, as a crash leaves it.
    const first = await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { email: 'first@example.fi' }));
    expect(first.outcome).toBe('saved');
    await catchUpCaptureAudit(t.core.stores!, now);
    expect(await t.must('manager', 'entries.auditProgress', {})).toEqual({ state: 'done' });
    const uuids = seedEntries(contests, ev, sampleEntries(ev, BACKLOG));
    const before = lastSeq(customers);

    // Asking starts nothing: the progress is read, and the backlog stays as it was.
    const idle = await t.must('manager', 'entries.auditProgress', {});
    expect(idle).toEqual({ state: 'catching_up', audited: 0, total: BACKLOG });
    for (let i = 0; i < 5; i++) await nextTurn();
    expect(lastSeq(customers)).toBe(before);

    // The screen's read waits for the catch-up it starts; the screen polls meanwhile.
    let settled = false;
    const reading = t.must('manager', 'entries.list', { eventId: ev.id }).finally(() => (settled = true));
    const seen: CaptureAuditProgress[] = [];
    let readWhileCatchingUp = 0;
    for (let guard = 0; guard < 100_000 && !settled; guard++) {
      seen.push(await t.must('manager', 'entries.auditProgress', {}));
      // Counted only while some capture is unaudited (both read in this same turn).
      if (auditWatermark(customers) < maxEntryId(contests)) readWhileCatchingUp += customers.prepare("SELECT count(*) FROM audit_log WHERE action LIKE 'read.%' AND seq > ?").pluck().get(before) as number;
      await nextTurn();
    }
    const page = await reading;
    expect(page.total).toBe(BACKLOG + 1);

    const steps = seen.filter((p) => p.state === 'catching_up');
    // Every answer counts the same backlog, from where the catch-up started, and never goes back.
    expect(steps.every((p) => p.total === BACKLOG)).toBe(true);
    const audited = steps.map((p) => p.audited);
    expect(audited.every((n, i) => i === 0 || n >= audited[i - 1]!)).toBe(true);
    expect(audited.every((n) => n >= 0 && n <= BACKLOG)).toBe(true);
    // Rising batch by batch: many distinct values between the start and the end.
    expect(new Set(audited.filter((n) => n > 0 && n < BACKLOG)).size).toBeGreaterThanOrEqual(10);
    expect(await t.must('manager', 'entries.auditProgress', {})).toEqual({ state: 'done' });
    expect(auditWatermark(customers)).toBe(maxEntryId(contests));

    // No read was audited while the captures were not, and each capture was audited once.
    expect(readWhileCatchingUp).toBe(0);
    const after = customers.prepare('SELECT action, subject_id AS subject FROM audit_log WHERE seq > ? ORDER BY seq').all(before) as { action: string; subject: string }[];
    expect(after.slice(0, -1).every((r) => r.action === 'entries.capture')).toBe(true);
    expect(after.at(-1)!.action).toBe('read.entries');
    const captured = after.filter((r) => r.action === 'entries.capture').map((r) => r.subject);
    expect(captured).toHaveLength(BACKLOG);
    expect(new Set(captured)).toEqual(new Set(uuids));
    expect(verifyAudit(customers)).toMatchObject({ ok: true });
  });

});
