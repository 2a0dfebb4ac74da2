import { afterAll, expect } from 'vitest';
import type { InputOf } from '../../src/shared/contract';
import type { Notice } from '../../src/shared/contract/customers';
import type { Role } from '../../src/shared/roles';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';
import type { Hubs } from './support';

/**
 * Devices for the replicated-record tests (accounts, records, erasure, mail-once): each its own
 * core with one staff member per role, a product and the English notices, a hand-driven clock and a
 * sync loop that runs only when a test asks. All are closed after the file, or by closeAll().
 */
export interface OfficeDevice {
  t: TestCore;
  clock: ReturnType<typeof manualClock>;
  productId: number;
  notices: Record<Notice['id'], Notice>;
}

export interface OfficeDevicesOptions {
  /** The file's hub (useHub); read when a device enrolls, since the hub starts in beforeAll. */
  hubs: Hubs;
  roles: Role[];
  /** Where a new device's clock starts (ms). */
  startAt: () => number;
  /** Run on each office device after it enrolls, before its first round. */
  afterEnroll?: (d: OfficeDevice) => Promise<void>;
}

export function officeDevices(opts: OfficeDevicesOptions) {
  const open: OfficeDevice[] = [];
  const closeAll = async () => {
    for (const d of open.splice(0)) await d.t.close();
  };
  afterAll(closeAll);

  const sync = async (...ds: OfficeDevice[]) => {
    for (const d of ds) {
      const s = await d.t.must('admin', 'sync.now', {});
      expect(s.lastError, opts.hubs.hub.stderr().slice(-3000)).toBeNull();
    }
  };

  /** A device with its own staff, and for an office device the product and notices, not yet enrolled. */
  async function device(name: string, profile: 'office' | 'booth' = 'office'): Promise<OfficeDevice> {
    const clock = manualClock(new Date(opts.startAt()));
    const t = await startCore({ clock, appVersion: '0.1.0', deviceName: name, mail: { pump: 'manual', random: () => 0.5 }, sync: { intervalMs: 3_600_000, nudgeDelayMs: 3_600_000 } });
    const d: OfficeDevice = { t, clock, productId: 0, notices: {} as OfficeDevice['notices'] };
    open.push(d);
    await withStaff(t, opts.roles);
    if (profile === 'booth') return d;
    d.productId = (await t.must('admin', 'products.create', { name: 'IXO Call Pro' })).id;
    const list = await t.must('office_staff', 'customers.notices', {});
    d.notices = Object.fromEntries(list.filter((n) => n.language === 'en').map((n) => [n.id, n])) as OfficeDevice['notices'];
    return d;
  }

  async function enroll(d: OfficeDevice, profile: 'office' | 'booth', name: string): Promise<void> {
    const { h, hub } = opts.hubs;
    const s = await d.t.must('admin', 'sync.enroll', { hubUrl: hub.url, code: await h.createCode(profile, name), deviceName: name });
    expect(s.profile).toBe(profile);
  }

  /** A device enrolled on the hub, after its first round. */
  async function enrolled(name: string, profile: 'office' | 'booth' = 'office'): Promise<OfficeDevice> {
    const d = await device(name, profile);
    await enroll(d, profile, name);
    if (profile === 'office') await opts.afterEnroll?.(d);
    await sync(d);
    return d;
  }

  return { open, closeAll, sync, device, enroll, enrolled };
}

/** Registers a customer through dispatch as office staff; marketing is declined unless `over` says otherwise. */
export async function register(d: OfficeDevice, name: string, email: string, over: Partial<InputOf<'customers.register'>> = {}) {
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

/** The account with this number, as the device's search finds it (the way staff look a number up). */
export async function byNumber(d: OfficeDevice, number: string) {
  const hits = await d.t.must('office_staff', 'customers.search', { query: `#${number}` });
  const hit = hits.find((h) => h.number === number);
  return hit ? d.t.must('office_staff', 'customers.get', { id: hit.id }) : null;
}

/** A lead with express permission, as office staff record it, its permission obtained an hour before `at`. */
export const leadInputAt =
  (at: number) =>
  (over: Partial<InputOf<'leads.create'>> = {}): InputOf<'leads.create'> => ({
    name: 'Pia Prospect',
    phone: '+358 40 123 4567',
    email: 'pia.prospect@example.com',
    company: 'Prospect Oy',
    notes: 'Interested in call reports.',
    permission: {
      obtainedBySelf: true,
      obtainedAt: new Date(at - 3_600_000).toISOString(),
      method: 'call',
      scriptVersion: 'TM-2026-01',
      prospectConfirmed: true,
      confirmation: 'Yes, you may call me about your products.',
    },
    ...over,
  });
