/**
 * A cancelled account is closed everywhere: the core refuses billing details, service notes and
 * opt-outs for it (through dispatch, as the renderer calls), writing nothing, and its registration
 * mail that had not gone out is withdrawn with the reason, never sent.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/shared/roles';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';
import { storeDigest } from '../support/inspect';
import { register, TODAY } from './dsr-support';

let t: TestCore;
const clock = manualClock(new Date('2026-11-26T09:00:00Z'));
const db = () => t.core.stores!.customers;
const digest = () => storeDigest(db());
let open = 0;
let closed = 0;
let closedNote = 0;
let relay: SMTPServer;
let relayPort = 0;
const received: string[][] = [];

const address = { billingName: 'Cai Closed', addressLine1: 'Aleksanterinkatu 52', postalCode: '00100', city: 'Helsinki', country: 'Finland', card: null };

beforeAll(async () => {
  relay = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (auth, _s, cb) => (auth.username === 'relay-user' && auth.password === 'relay-secret' ? cb(null, { user: auth.username }) : cb(new Error('Invalid login'))),
    onData: (stream, session, cb) => {
      stream.on('data', () => {});
      stream.on('end', () => {
        received.push(session.envelope.rcptTo.map((r) => r.address));
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', () => resolve()));
  relayPort = (relay.server.address() as AddressInfo).port;

  t = await startCore({ clock });
  await withStaff(t, ROLES);
  open = await register(t, { name: 'Olli Open', email: 'olli.open@example.com' });
  closed = await register(t, { name: 'Cai Closed', email: 'cai.closed@example.com' });
  closedNote = (await t.must('customer_service', 'notes.add', { accountId: closed, body: 'Asked about invoices.' })).id;
  // Cancelled before any relay was set: the registration mail is still waiting.
  await t.must('office_staff', 'optouts.process', { email: 'cai.closed@example.com', lists: ['technical_advisories'], reason: 'email', requestedOn: TODAY, confirmCancellation: true });
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => relay.close(() => resolve()));
});

describe('a cancelled account', () => {
  it('is cancelled, with its registration mail withdrawn for that reason and its body dropped', async () => {
    expect((await t.must('manager', 'customers.get', { id: closed })).status).toBe('cancelled');
    const list = await t.must('manager', 'outbox.list', {});
    const mail = list.rows.find((m) => m.accountId === closed)!;
    expect(mail).toMatchObject({ status: 'withdrawn', withdrawnReason: 'account_cancelled', withdrawnAt: clock.now().toISOString(), nextAttemptAt: null });
    expect(list.counts).toMatchObject({ pending: 1, withdrawn: 1 });
    expect((db().prepare('SELECT body FROM mail_outbox WHERE id = ?').get(mail.id) as { body: string }).body).toBe('');
    expect((await t.must('manager', 'customers.get', { id: closed })).registrationEmail?.status).toBe('withdrawn');
  });

  it('never has its withdrawn mail sent, while the open account’s mail goes out', async () => {
    await t.must('admin', 'settings.update', {
      lockAfterMinutes: 30,
      kioskIdleSeconds: 60,
      smtp: { host: '127.0.0.1', port: relayPort, secure: false, user: 'relay-user', password: 'relay-secret', from: 'IXO Systems <no-reply@ixo.fi>' },
    });
    const report = await t.must('office_staff', 'outbox.sendNow', {});
    expect(report).toMatchObject({ attempted: 1, sent: 1 });
    expect(received).toEqual([['olli.open@example.com']]);
    const rows = (await t.must('manager', 'outbox.list', {})).rows;
    expect(rows.find((m) => m.accountId === closed)?.status).toBe('withdrawn');
    expect(rows.find((m) => m.accountId === open)?.status).toBe('sent');
  });

  it('takes no billing details, and the refusal writes nothing', async () => {
    const before = digest();
    const r = await t.call('billing_clerk', 'billing.save', { accountId: closed, ...address });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!r.ok && r.error.message).toContain('cancelled');
    expect(digest()).toBe(before);
    // The open account still does.
    expect((await t.call('billing_clerk', 'billing.save', { accountId: open, ...address, billingName: 'Olli Open' })).ok).toBe(true);
  });

  it('takes no new service note and no change to an old one; writes nothing', async () => {
    const before = digest();
    expect(await t.call('customer_service', 'notes.add', { accountId: closed, body: 'Another remark.' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await t.call('customer_service', 'notes.update', { id: closedNote, body: 'Changed.' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(digest()).toBe(before);
    // Its notes can still be read, and the open account's notes still be added.
    expect((await t.must('customer_service', 'notes.list', { accountId: closed })).map((n) => n.body)).toEqual(['Asked about invoices.']);
    expect((await t.call('customer_service', 'notes.add', { accountId: open, body: 'Fine.' })).ok).toBe(true);
  });

  it('takes no opt-out, for any list; writes nothing', async () => {
    for (const lists of [['email_marketing'], ['technical_advisories'], ['call_detail_reports', 'email_marketing']] as const) {
      const before = digest();
      const r = await t.call('office_staff', 'optouts.process', { email: 'CAI.closed@example.com', lists: [...lists], reason: 'phone', requestedOn: TODAY, confirmCancellation: true });
      expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(digest()).toBe(before);
    }
  });
});
