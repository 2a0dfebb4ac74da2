import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/shared/roles';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';
import { nextTurn, register } from './dsr-support';

/**
 * The erasure runs in a worker thread, and while it holds the stores (its transactions and the
 * VACUUM of both files) calls that may write wait for it instead of blocking the main thread
 * inside SQLite's busy handler; calls that never write still answer.
 */

let t: TestCore;
const PERSON = { name: 'Veera Väistyvä', email: 'veera.vaistyva@example.fi' };

beforeAll(async () => {
  t = await startCore({ clock: manualClock(new Date('2026-11-26T09:00:00Z')), deviceName: 'worker-test' });
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

  it("an error of the erasure's body comes back as the same keyed error", async () => {
    const r = await t.call('manager', 'dsr.erase', { email: PERSON.email, confirmEmail: PERSON.email, requestMethod: 'phone', reference: 'DSR-W-2' });
    expect(r.ok ? 'ok' : `${r.error.code}:${r.error.key}`).toBe('not_found:dsr.nothing_stored');
  });
});
