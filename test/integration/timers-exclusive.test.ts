import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/main/log/logger';
import { ROLES } from '../../src/shared/roles';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';
import { nextTurn, register } from './dsr-support';

/**
 * The mail pump writes on the main thread from a timer, outside dispatch. While an erasure holds
 * the stores (its transactions and VACUUM) the pump must wait for it rather than write into the
 * lock. The main connection's busy wait is switched off for the test, so a write that meets the
 * erasure's lock fails at once (instead of stalling the event loop until the lock is released):
 * a failed markSent leaves the message queued, and it is then sent a second time.
 */

let t: TestCore;
let server: SMTPServer;
const received: string[] = [];
/** The relay's answer to the message it holds, released by the test. */
let held: (() => void) | null = null;
let holdNext = false;
const errors: string[] = [];
const logger: Logger = { error: (_f, m) => errors.push(m), warn() {}, info() {} };
const ERASED = { name: 'Eero Poistettava', email: 'eero.poistettava@example.fi' };
const MAILED = { name: 'Maija Postitettava', email: 'maija.postitettava@example.fi' };

async function turnsUntil(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500_000 && !cond(); i++) await nextTurn();
  if (!cond()) throw new Error(`never happened: ${what}`);
}

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, session, cb) => {
      stream.resume();
      stream.on('end', () => {
        received.push(session.envelope.rcptTo.map((r) => r.address).join(','));
        if (holdNext) {
          holdNext = false;
          held = () => cb();
        } else cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;

  t = await startCore({ clock: manualClock(new Date('2026-11-26T09:00:00Z')), deviceName: 'timers-test', logger, mail: { pump: 'auto', pollMs: 60_000 } });
  await withStaff(t, ROLES);
  await t.must('admin', 'settings.update', { lockAfterMinutes: 30, kioskIdleSeconds: 60, smtp: { host: '127.0.0.1', port, secure: false, user: '', password: '', from: 'IXO Systems <no-reply@ixo.fi>' } });
  await register(t, ERASED);
  await turnsUntil(() => received.includes(ERASED.email), 'the first welcome mail');
  // Enough data that the VACUUM of customers.db takes a while: rows of a table the app never reads.
  const customers = t.core.stores!.customers;
  customers.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT');
  const put = customers.prepare('INSERT INTO filler (body) VALUES (?)');
  customers.transaction(() => {
    for (let i = 0; i < 60_000; i++) put.run(`filler row ${i} `.padEnd(200, 'x'));
  })();
});

afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

const mailStatus = (email: string) => t.core.stores!.customers.prepare('SELECT status FROM mail_outbox WHERE to_address = ?').pluck().get(email) as string | undefined;

describe('the mail pump during an erasure', () => {
  it('records a send that the relay answers mid-erasure after the erasure, once, without an error', async () => {
    holdNext = true;
    await register(t, MAILED);
    await turnsUntil(() => held !== null, 'the relay holding the second mail');

    t.core.stores!.customers.pragma('busy_timeout = 0');
    let settled = false;
    const erasing = t.call('manager', 'dsr.erase', { email: ERASED.email, confirmEmail: ERASED.email, requestMethod: 'phone', reference: 'DSR-T-1' }).finally(() => (settled = true));
    // The closing audit row is committed just before the worker compacts customers.db (VACUUM).
    const closed = t.core.stores!.customers.prepare("SELECT count(*) FROM audit_log WHERE action = 'dsr.erase'").pluck();
    await turnsUntil(() => settled || (closed.get() as number) > 0, 'the erasure reaching its VACUUM');
    expect(settled).toBe(false);
    // The relay accepts the message while the worker compacts the store.
    held!();

    const erased = await erasing;
    expect(erased.ok ? erased.value.scrubbed : erased.error).toEqual({ customers: true, contests: true });
    t.core.stores!.customers.pragma('busy_timeout = 5000');
    await turnsUntil(() => mailStatus(MAILED.email) === 'sent', 'the second mail marked sent');
    expect(received.filter((to) => to === MAILED.email)).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
