import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TODAY } from '../integration/booth-support';
import { useHub } from './support';
import { officeDevices, register, type OfficeDevice } from './office-devices';

/**
 * A registration mail is sent once, by one device (README: "Replicated records", mail): two office
 * devices on a real hub, both with the organisation's real SMTP relay on loopback, each sending
 * whatever its outbox holds after every step.
 */

const hubs = useHub();
const T = Date.parse(`${TODAY}T10:00:00Z`);

let relay: SMTPServer;
let relayPort = 0;
/** Every message the relay accepted, by recipient. */
const received: string[] = [];
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
        received.push(...session.envelope.rcptTo.map((r) => r.address));
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', () => resolve()));
  relayPort = (relay.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => relay.close(() => resolve()));
});

type Device = OfficeDevice;
const { sync, enrolled } = officeDevices({
  hubs,
  roles: ['office_staff', 'manager'],
  startAt: () => T,
  // The relay is the organisation's; its password is each device's own.
  afterEnroll: async (d) => {
    await d.t.must('admin', 'settings.update', {
      lockAfterMinutes: 30,
      kioskIdleSeconds: 60,
      smtp: { host: '127.0.0.1', port: relayPort, secure: false, user: 'relay-user', password: 'relay-secret', from: 'IXO Systems <no-reply@ixo.fi>' },
    });
  },
});

/** Each device sends what its outbox holds; returns how many it sent. */
async function sendAll(...ds: Device[]): Promise<number[]> {
  const out: number[] = [];
  for (const d of ds) out.push((await d.t.must('office_staff', 'outbox.sendNow', {})).sent);
  return out;
}

const mailOf = (d: Device, email: string) =>
  d.t.core.stores!.customers.prepare('SELECT m.status, m.withdrawn_reason FROM mail_outbox m JOIN accounts a ON a.id = m.account_id WHERE a.email_norm = ?').all(email);

describe('a registration mail is sent once, by one device', () => {
  it('only the registering device queues it; a replayed feed queues nothing; a merge, a cancellation or an erasure from the other device withdraws it before it goes', async () => {
    const a = await enrolled('Mail A');
    const b = await enrolled('Mail B');

    // Registered on A: A sends it; B, which receives the account, queues nothing, also after replaying the whole feed.
    await register(a, 'Aino Once', 'aino.once@example.com');
    await sync(a, b);
    expect(mailOf(b, 'aino.once@example.com')).toEqual([]);
    b.t.core.stores!.customers.prepare('DELETE FROM sync_cursors').run();
    await sync(b);
    expect(await sendAll(a, b)).toEqual([1, 0]);

    // The same address registered on both while offline, A first: one account, one mail, A's.
    await register(a, 'Mika Merge', 'mika.merge@example.com');
    b.clock.advance(60_000);
    await register(b, 'Mika M.', 'mika.merge@example.com');
    await sync(b, a, b);
    expect(mailOf(b, 'mika.merge@example.com')).toEqual([{ status: 'withdrawn', withdrawn_reason: 'account_merged' }]);
    expect(await sendAll(a, b)).toEqual([1, 0]);

    // Registered on B; cancelled on A before B sent it: withdrawn on B, never sent.
    await register(b, 'Cecilia Cancel', 'cecilia.cancel@example.com');
    await sync(b, a);
    await a.t.must('office_staff', 'optouts.process', { email: 'cecilia.cancel@example.com', lists: ['technical_advisories'], reason: 'phone', requestedOn: TODAY, confirmCancellation: true });
    await sync(a, b);
    expect(mailOf(b, 'cecilia.cancel@example.com')).toEqual([{ status: 'withdrawn', withdrawn_reason: 'account_cancelled' }]);

    // Registered on B; erased on A before B sent it: gone from B, never sent.
    await register(b, 'Eemil Erase', 'eemil.erase@example.com');
    await sync(b, a);
    await a.t.must('manager', 'dsr.erase', { email: 'eemil.erase@example.com', confirmEmail: 'eemil.erase@example.com', requestMethod: 'email_request', reference: 'DSR-MAIL-1' });
    await sync(a, b);
    expect(b.t.core.stores!.customers.prepare("SELECT count(*) AS n FROM mail_outbox WHERE to_address = 'eemil.erase@example.com'").get()).toEqual({ n: 0 });

    expect(await sendAll(a, b)).toEqual([0, 0]);
    expect(received.sort()).toEqual(['aino.once@example.com', 'mika.merge@example.com']);
  });
});
