import { describe, expect, it } from 'vitest';
import { listStateMismatches } from '../../src/main/accounts/consent-repo';
import { TODAY } from '../integration/booth-support';
import { useHub } from './support';
import { byNumber, officeDevices, register, type OfficeDevice } from './office-devices';

/**
 * Customer accounts replicate between office devices through a real hub and a real PostgreSQL
 * (README: "Replicated records", accounts). Each rule has a test here. The hub is shared by the
 * file, so device numbers count up across tests: the first test is the one that enrolls device 1.
 */

const hubs = useHub();
const T = Date.parse(`${TODAY}T10:00:00Z`);

type Device = OfficeDevice;
const { closeAll, sync, device, enroll, enrolled } = officeDevices({ hubs, roles: ['office_staff'], startAt: () => T });

const deviceNumber = (d: Device) =>
  JSON.parse((d.t.core.stores!.customers.prepare("SELECT value FROM settings WHERE key = 'replica.deviceNumber'").get() as { value: string }).value) as number;

const gidOf = (d: Device, email: string) => (d.t.core.stores!.customers.prepare('SELECT gid FROM accounts WHERE email_norm = ?').get(email) as { gid: string } | undefined)?.gid;

describe('replicated customer accounts', () => {
  it('accounts made before joining are shared when a device joins: device 1 keeps its numbers, a later device renumbers its own so none collide', async () => {
    // Two offices that worked alone: both gave number 1.
    const p = await device('Joining P');
    const q = await device('Joining Q');
    const pia = await register(p, 'Pia Pre', 'pia@example.com');
    const quinn = await register(q, 'Quinn Pre', 'quinn@example.com');
    expect([pia.number, quinn.number]).toEqual(['1', '1']);

    await enroll(p, 'office', 'Joining P');
    await enroll(q, 'office', 'Joining Q');
    expect([deviceNumber(p), deviceNumber(q)]).toEqual([1, 2]);
    await sync(p, q, p);

    for (const d of [p, q]) {
      expect(await byNumber(d, '1')).toMatchObject({ name: 'Pia Pre', email: 'pia@example.com', status: 'active', productName: 'IXO Call Pro' });
      expect(await byNumber(d, '2-1')).toMatchObject({ name: 'Quinn Pre', email: 'quinn@example.com', status: 'active' });
      expect(gidOf(d, 'pia@example.com')).toBe(gidOf(p, 'pia@example.com'));
      expect(gidOf(d, 'quinn@example.com')).toBe(gidOf(q, 'quinn@example.com'));
    }
    // The renumbered account keeps its local id on the device that made it.
    expect((await byNumber(q, '2-1'))!.id).toBe(quinn.id);

    // Made after joining: prefixed by the device's number.
    const late = await register(p, 'Pete Post', 'pete@example.com');
    expect(late.number).toBe(`1-${late.id}`);
    await sync(p, q);
    expect(await byNumber(q, late.number)).toMatchObject({ name: 'Pete Post', email: 'pete@example.com' });
    await closeAll();
  });

  it('an account registered on one office device appears on another with the same number and state; a cancellation follows it; a booth receives none', async () => {
    const a = await enrolled('Acc A');
    const b = await enrolled('Acc B');
    const booth = await enrolled('Acc booth', 'booth');
    expect(deviceNumber(a)).not.toBe(deviceNumber(b));

    const ada = await register(a, 'Ada Asiakas', 'ada@example.com');
    expect(ada.number).toBe(`${deviceNumber(a)}-${ada.id}`);
    expect(await byNumber(b, ada.number)).toBeNull();
    await sync(a, b, booth);
    expect(await byNumber(b, ada.number)).toMatchObject({ name: 'Ada Asiakas', email: 'ada@example.com', status: 'active', language: 'en', productName: 'IXO Call Pro', createdAt: ada.createdAt });

    // Numbers given on two devices never collide, though their local ids may be equal.
    const bea = await register(b, 'Bea Bee', 'bea@example.com');
    expect(bea.number).toBe(`${deviceNumber(b)}-${bea.id}`);
    expect(bea.number).not.toBe(ada.number);
    await sync(b, a);
    expect(await byNumber(a, bea.number)).toMatchObject({ name: 'Bea Bee', status: 'active' });

    // Cancelled on A (leaving technical advisories): cancelled on B after both sync.
    await a.t.must('office_staff', 'optouts.process', { email: 'bea@example.com', lists: ['technical_advisories'], reason: 'phone', requestedOn: TODAY, note: 'Called in', confirmCancellation: true });
    expect(await byNumber(b, bea.number)).toMatchObject({ status: 'active' });
    await sync(a, b);
    expect(await byNumber(b, bea.number)).toMatchObject({ status: 'cancelled', cancelReason: 'phone', cancelNote: 'Called in' });
    // The registration mail waiting on B is withdrawn: the account no longer exists for the customer.
    expect((await byNumber(b, bea.number))!.registrationEmail).toMatchObject({ status: 'withdrawn' });

    // A booth holds no customer data, though it synced the whole time.
    await sync(booth);
    const bdb = booth.t.core.stores!.customers;
    expect(bdb.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 0 });
    expect(bdb.prepare("SELECT count(*) AS n FROM replica_fields WHERE tbl = 'accounts'").get()).toEqual({ n: 0 });
    await closeAll();
  });
});

/** What the account view shows of the ledger, in the order it shows it, without local ids. */
const ledgerOf = async (d: Device, number: string) =>
  (await byNumber(d, number))!.history.map((e) => ({ list: e.list, action: e.action, recordedAt: e.recordedAt, device: e.device, staff: e.staff?.name ?? null }));
const subscribed = async (d: Device, number: string) => Object.fromEntries((await byNumber(d, number))!.lists.map((l) => [l.list, l.subscribed]));

describe('the replicated consent ledger', () => {
  it('an opt-out on one office device stops marketing on another after sync; both hold the same ledger', async () => {
    const a = await enrolled('Ledger A');
    const b = await enrolled('Ledger B');
    const booth = await enrolled('Ledger booth', 'booth');
    const x = await register(a, 'Xena Ex', 'xena@example.com', { marketingOptIn: true });
    await sync(a, b);
    expect(await subscribed(b, x.number)).toEqual({ technical_advisories: true, call_detail_reports: true, email_marketing: true });
    expect(await ledgerOf(b, x.number)).toHaveLength(3);

    b.clock.advance(60_000);
    await b.t.must('office_staff', 'optouts.process', { email: 'xena@example.com', lists: ['email_marketing'], reason: 'email', requestedOn: TODAY });
    expect((await subscribed(a, x.number)).email_marketing).toBe(true);
    await sync(b, a);
    expect(await subscribed(a, x.number)).toEqual({ technical_advisories: true, call_detail_reports: true, email_marketing: false });
    expect(await ledgerOf(a, x.number)).toEqual(await ledgerOf(b, x.number));
    expect((await ledgerOf(a, x.number)).at(-1)).toMatchObject({ list: 'email_marketing', action: 'unsubscribe', device: 'Ledger B' });
    // Nothing of it reaches a booth.
    await sync(booth);
    expect(booth.t.core.stores!.customers.prepare('SELECT count(*) AS n FROM consent_events').get()).toEqual({ n: 0 });
    await closeAll();
  });

  it('events recorded on two offline devices end in one order everywhere: recording time on the hybrid clock, then device, then id', async () => {
    const a = await enrolled('Order A');
    const b = await enrolled('Order B');
    const y = await register(a, 'Yrjö Yy', 'yrjo@example.com', { marketingOptIn: true });
    await sync(a, b);
    const notice = a.notices.marketing.version;

    // Offline. A leaves marketing at 10:01 and takes it again at 10:03; B leaves it at 10:02.
    a.clock.advance(60_000);
    await a.t.must('office_staff', 'optouts.process', { email: 'yrjo@example.com', lists: ['email_marketing'], reason: 'phone', requestedOn: TODAY });
    b.clock.advance(120_000);
    await b.t.must('office_staff', 'optouts.process', { email: 'yrjo@example.com', lists: ['email_marketing'], reason: 'email', requestedOn: TODAY });
    a.clock.advance(120_000);
    await a.t.must('office_staff', 'customers.resubscribe', { accountId: y.id, list: 'email_marketing', method: 'phone', requestedOn: TODAY, noticeVersion: notice, confirmed: true });

    // Each device first applies its own events, then the other's: ordered by local id they would
    // disagree (A would end unsubscribed, B subscribed).
    await sync(a, b, a);
    for (const d of [a, b]) {
      expect((await subscribed(d, y.number)).email_marketing).toBe(true);
      expect((await ledgerOf(d, y.number)).filter((e) => e.list === 'email_marketing').map((e) => [e.action, e.device])).toEqual([
        ['subscribe', 'Order A'],
        ['unsubscribe', 'Order A'],
        ['unsubscribe', 'Order B'],
        ['subscribe', 'Order A'],
      ]);
    }
    expect(await ledgerOf(a, y.number)).toEqual(await ledgerOf(b, y.number));
    for (const d of [a, b]) expect(listStateMismatches(d.t.core.stores!.customers)).toEqual([]);
    await closeAll();
  });
});

describe('cancellation wins over a concurrent edit', () => {
  it('an account cancelled on one offline device stays cancelled though another took a later consent for it; a reopen made after seeing the cancellation undoes it', async () => {
    const a = await enrolled('Cancel A');
    const b = await enrolled('Cancel B');
    const z = await register(a, 'Zoltan Zed', 'zoltan@example.com');
    await sync(a, b);

    // Offline. A cancels at 10:01; B, not knowing, takes marketing consent at 10:05 (a later stamp).
    a.clock.advance(60_000);
    await a.t.must('office_staff', 'optouts.process', { email: 'zoltan@example.com', lists: ['technical_advisories'], reason: 'phone', requestedOn: TODAY, confirmCancellation: true });
    b.clock.advance(300_000);
    const onB = (await byNumber(b, z.number))!;
    await b.t.must('office_staff', 'customers.resubscribe', { accountId: onB.id, list: 'email_marketing', method: 'phone', requestedOn: TODAY, noticeVersion: b.notices.marketing.version, confirmed: true });
    expect(await subscribed(b, z.number)).toMatchObject({ email_marketing: true });

    await sync(b, a, b);
    for (const d of [a, b]) {
      expect(await byNumber(d, z.number)).toMatchObject({ status: 'cancelled', cancelReason: 'phone' });
      expect(await subscribed(d, z.number)).toEqual({ technical_advisories: false, call_detail_reports: false, email_marketing: false });
      // The later consent is kept in the ledger (nothing is lost), it just does not reopen the account.
      expect((await ledgerOf(d, z.number)).some((e) => e.list === 'email_marketing' && e.action === 'subscribe' && e.device === 'Cancel B')).toBe(true);
      expect(listStateMismatches(d.t.core.stores!.customers)).toEqual([]);
    }
    expect(await ledgerOf(a, z.number)).toEqual(await ledgerOf(b, z.number));

    // B has now seen the cancellation: registering the customer again reopens the account everywhere.
    const again = await register(b, 'Zoltan Zed', 'zoltan@example.com', { reopenAccountId: onB.id });
    expect(again.number).toBe(z.number);
    await sync(b, a);
    for (const d of [a, b]) {
      expect(await byNumber(d, z.number)).toMatchObject({ status: 'active', cancelledAt: null });
      // B's marketing consent belonged to the opening the cancellation closed: it does not come back.
      expect(await subscribed(d, z.number)).toEqual({ technical_advisories: true, call_detail_reports: true, email_marketing: false });
      expect(listStateMismatches(d.t.core.stores!.customers)).toEqual([]);
    }
    await closeAll();
  });
});

describe('one address registered on two offline devices', () => {
  it('becomes one account: the earlier keeps its number, the later one joins it with its events, both devices show the merge, and it is audited', async () => {
    const a = await enrolled('Merge A');
    const b = await enrolled('Merge B');
    // Offline: A registers at 10:00; B registers the same address at 10:01, with marketing.
    const first = await register(a, 'Mia Merge', 'mia@example.com');
    b.clock.advance(60_000);
    const later = await register(b, 'Mia M.', 'MIA@example.com', { marketingOptIn: true });
    expect(later.number).not.toBe(first.number);

    await sync(b, a, b);
    for (const d of [a, b]) {
      const hits = await d.t.must('office_staff', 'customers.search', { query: 'mia@example.com' });
      expect(hits.map((h) => h.number)).toEqual([first.number]);
      expect(await byNumber(d, first.number)).toMatchObject({ name: 'Mia Merge', email: 'mia@example.com', status: 'active', mergedNumbers: [later.number] });
      // The number the later registration gave still finds the account.
      expect((await d.t.must('office_staff', 'customers.search', { query: `#${later.number}` })).map((h) => h.number)).toEqual([first.number]);
      const ledger = await ledgerOf(d, first.number);
      expect(ledger.filter((e) => e.device === 'Merge A').map((e) => e.list)).toEqual(['technical_advisories', 'call_detail_reports']);
      expect(ledger.filter((e) => e.device === 'Merge B').map((e) => e.list)).toEqual(['technical_advisories', 'call_detail_reports', 'email_marketing']);
      expect(await subscribed(d, first.number)).toEqual({ technical_advisories: true, call_detail_reports: true, email_marketing: true });
      const db = d.t.core.stores!.customers;
      const merges = db.prepare("SELECT actor_name, subject_type, details FROM audit_log WHERE action = 'customers.merge'").all() as { actor_name: string; subject_type: string; details: string }[];
      expect(merges).toHaveLength(1);
      expect(JSON.parse(merges[0]!.details)).toMatchObject({ kept: first.number, merged: later.number });
      expect(db.prepare('SELECT count(*) AS n FROM accounts WHERE email_norm = ?').get('mia@example.com')).toEqual({ n: 1 });
      expect(listStateMismatches(db)).toEqual([]);
    }
    expect(await ledgerOf(a, first.number)).toEqual(await ledgerOf(b, first.number));
    // On B the row it held became the kept account, under its own local id: its events stayed with it.
    expect((await byNumber(b, first.number))!.id).toBe(later.id);
    await closeAll();
  });
});
