import { describe, expect, it } from 'vitest';
import type { InputOf } from '../../src/shared/contract';
import type { Notice } from '../../src/shared/contract/customers';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';
import { TODAY } from '../integration/booth-support';
import { useHub } from './support';

/**
 * Customer accounts replicate between office devices through a real hub and a real PostgreSQL
 * (README: "Replicated records", accounts). Each rule has a test here. The hub is shared by the
 * file, so device numbers count up across tests: the first test is the one that enrolls device 1.
 */

const hubs = useHub();
const T = Date.parse(`${TODAY}T10:00:00Z`);

interface Device {
  t: TestCore;
  clock: ReturnType<typeof manualClock>;
  productId: number;
  notices: Record<Notice['id'], Notice>;
}

const open: Device[] = [];

/** A device with its own staff, and for an office device the product, not yet enrolled. */
async function device(name: string, profile: 'office' | 'booth' = 'office'): Promise<Device> {
  const clock = manualClock(new Date(T));
  const t = await startCore({ clock, appVersion: '0.1.0', deviceName: name, mail: { pump: 'manual', random: () => 0.5 }, sync: { intervalMs: 3_600_000, nudgeDelayMs: 3_600_000 } });
  const d: Device = { t, clock, productId: 0, notices: {} as Device['notices'] };
  open.push(d);
  await withStaff(t, ['office_staff']);
  if (profile === 'booth') return d;
  d.productId = (await t.must('admin', 'products.create', { name: 'IXO Call Pro' })).id;
  const list = await t.must('office_staff', 'customers.notices', {});
  d.notices = Object.fromEntries(list.filter((n) => n.language === 'en').map((n) => [n.id, n])) as Device['notices'];
  return d;
}

async function enroll(d: Device, profile: 'office' | 'booth', name: string): Promise<void> {
  const s = await d.t.must('admin', 'sync.enroll', { hubUrl: hubs.hub.url, code: await hubs.h.createCode(profile, name), deviceName: name });
  expect(s.profile).toBe(profile);
}

async function enrolled(name: string, profile: 'office' | 'booth' = 'office'): Promise<Device> {
  const d = await device(name, profile);
  await enroll(d, profile, name);
  await sync(d);
  return d;
}

const sync = async (...ds: Device[]) => {
  for (const d of ds) {
    const s = await d.t.must('admin', 'sync.now', {});
    expect(s.lastError).toBeNull();
  }
};

async function register(d: Device, name: string, email: string, over: Partial<InputOf<'customers.register'>> = {}) {
  const r = await d.t.must('office_staff', 'customers.register', {
    birthDate: '1980-05-17',
    name,
    email,
    productId: d.productId,
    marketingOptIn: false,
    registrationNoticeVersion: d.notices.registration.version,
    marketingNoticeVersion: d.notices.marketing.version,
    ...over,
  });
  if (r.outcome !== 'registered') throw new Error(`registration refused: ${r.message}`);
  return r.account;
}

const deviceNumber = (d: Device) =>
  JSON.parse((d.t.core.stores!.customers.prepare("SELECT value FROM settings WHERE key = 'replica.deviceNumber'").get() as { value: string }).value) as number;

/** The account with this number, as the device's search finds it (the way staff look a number up). */
async function byNumber(d: Device, number: string) {
  const hits = await d.t.must('office_staff', 'customers.search', { query: `#${number}` });
  const hit = hits.find((h) => h.number === number);
  return hit ? d.t.must('office_staff', 'customers.get', { id: hit.id }) : null;
}

const gidOf = (d: Device, email: string) => (d.t.core.stores!.customers.prepare('SELECT gid FROM accounts WHERE email_norm = ?').get(email) as { gid: string } | undefined)?.gid;

async function closeAll() {
  for (const d of open.splice(0)) await d.t.close();
}

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
