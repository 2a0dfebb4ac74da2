import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/shared/roles';
import { manualClock, startCore, tempDir, withStaff, type TestCore } from '../support/core';
import { nextTurn, register } from './dsr-support';

/**
 * The erasure runs in a worker thread, and while it holds the stores (its transactions and the
 * VACUUM of both files) calls that may write wait for it instead of blocking the main thread
 * inside SQLite's busy handler; calls that never write still answer.
 */

let t: TestCore;
const PERSON = { name: 'Veera Väistyvä', email: 'veera.vaistyva@example.fi' };
const saved = tempDir('ixo-erasure-saves-');
/** The save dialog's answer; a test may hold it open. */
let savePath = async () => path.join(saved, 'access.html');

beforeAll(async () => {
  t = await startCore({ clock: manualClock(new Date('2026-11-26T09:00:00Z')), deviceName: 'worker-test', dialogs: { chooseSavePath: () => savePath() } });
  await withStaff(t, ROLES);
  await register(t, { ...PERSON, marketing: true });
  // Enough data that the VACUUM of customers.db takes a while: rows of a table the app never reads.
  const customers = t.core.stores!.customers;
  customers.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT');
  const put = customers.prepare('INSERT INTO filler (body) VALUES (?)');
  customers.transaction(() => {
    for (let i = 0; i < 40_000; i++) put.run(`filler row ${i} `.padEnd(200, 'x'));
  })();
});

afterAll(async () => {
  await t.close();
});

const auditSeq = (action: string, details: string) =>
  t.core.stores!.customers.prepare('SELECT max(seq) FROM audit_log WHERE action = ? AND instr(details, ?) > 0').pluck().get(action, details) as number | null;

describe('erasure off the main thread', () => {
  it('the main thread keeps turning while the worker erases; a registration meanwhile waits for it and then succeeds', async () => {
    let settled = false;
    const erasing = t
      .call('manager', 'dsr.erase', { email: PERSON.email, confirmEmail: PERSON.email, requestMethod: 'phone', reference: 'DSR-W-1' })
      .finally(() => (settled = true));

    // The worker writes the opening audit row; the main thread sees it while the erasure is still running.
    let turns = 0;
    while (auditSeq('dsr.erase_started', 'DSR-W-1') === null && !settled && turns < 200_000) {
      await nextTurn();
      turns++;
    }
    expect(auditSeq('dsr.erase_started', 'DSR-W-1')).not.toBeNull();
    expect(settled).toBe(false);

    // A call that never writes answers at once; one that may write is held until the erasure is done.
    const status = await t.call('manager', 'auth.session', {});
    expect(status.ok).toBe(true);
    expect(settled).toBe(false);
    const registering = register(t, { name: 'Ilmari Ilmoittautuja', email: 'ilmari@example.fi' });

    const erased = await erasing;
    expect(erased.ok ? erased.value.scrubbed : erased.error).toEqual({ customers: true, contests: true });
    await registering;
    const eraseSeq = auditSeq('dsr.erase', 'DSR-W-1');
    const registerSeq = auditSeq('customers.register', '"productId"');
    expect(eraseSeq).not.toBeNull();
    expect(registerSeq!).toBeGreaterThan(eraseSeq!);
  });

  it('an erasure asked for while a call that may write is under way starts after that call, whose write never meets its lock', async () => {
    const subject = { name: 'Oona Odottava', email: 'oona.odottava@example.fi' };
    const other = { name: 'Aapo Antava', email: 'aapo.antava@example.fi' };
    await register(t, subject);
    await register(t, other);
    let release!: () => void;
    const dialogOpen = new Promise<void>((opened) => {
      savePath = async () => {
        opened();
        await new Promise<void>((r) => (release = r));
        return path.join(saved, 'held-open.html');
      };
    });
    // The access export waits in its save dialog, as a person would keep it open; it writes its audit row after.
    const exporting = t.call('manager', 'dsr.exportAccess', { email: other.email, reference: 'DSR-W-X1', format: 'html' });
    await dialogOpen;
    // A main-thread write that met the erasure's lock would now fail at once instead of blocking the thread.
    t.core.stores!.customers.pragma('busy_timeout = 0');
    try {
      const erasing = t.call('manager', 'dsr.erase', { email: subject.email, confirmEmail: subject.email, requestMethod: 'phone', reference: 'DSR-W-E1' });
      // Time enough for the erasure to write its opening row and reach its VACUUM, had it started.
      const until = Date.now() + 1500;
      while (Date.now() < until) await nextTurn();
      expect(auditSeq('dsr.erase_started', 'DSR-W-E1')).toBeNull();

      release();
      const exported = await exporting;
      expect(exported.ok ? exported.value.saved : exported.error).toBe(true);
      const erased = await erasing;
      expect(erased.ok ? erased.value.scrubbed : erased.error).toEqual({ customers: true, contests: true });
      expect(auditSeq('export.dsr_access', 'DSR-W-X1')!).toBeLessThan(auditSeq('dsr.erase_started', 'DSR-W-E1')!);
    } finally {
      t.core.stores!.customers.pragma('busy_timeout = 5000');
      savePath = async () => path.join(saved, 'access.html');
    }
  });

  it("an error of the erasure's body comes back as the same keyed error", async () => {
    const r = await t.call('manager', 'dsr.erase', { email: PERSON.email, confirmEmail: PERSON.email, requestMethod: 'phone', reference: 'DSR-W-2' });
    expect(r.ok ? 'ok' : `${r.error.code}:${r.error.key}`).toBe('not_found:dsr.nothing_stored');
  });
});
