import { describe, expect, it } from 'vitest';
import { applyRecordPage, ReplicaItemError } from '../../src/main/replica/sync';
import { sha256Hex } from '../../src/main/sync/outbox';
import { recordChange } from '../../src/shared/sync/protocol';
import { TODAY } from '../integration/booth-support';
import { useHub } from './support';
import { leadInputAt, officeDevices, register, type OfficeDevice } from './office-devices';

/**
 * Service notes, billing profiles and telemarketing leads replicate between office devices through
 * a real hub on a real PostgreSQL (README: "Replicated records"). Each rule has a test here.
 */

const hubs = useHub();
const T = Date.parse(`${TODAY}T10:00:00Z`);
const ROLES = ['office_staff', 'customer_service', 'billing_clerk', 'manager'] as const;

type Device = OfficeDevice;
/**
 * Where the next devices' clocks start: an hour later for each test, since the hub (and so every
 * clock that pulls its feed) carries the earlier tests' stamps.
 */
let base = T;
const nextHour = () => (base += 3_600_000);
const { closeAll, sync, device, enroll, enrolled } = officeDevices({ hubs, roles: [...ROLES], startAt: () => base });

/** The local id of the account with this number on `d`. */
async function idOn(d: Device, number: string): Promise<number> {
  const hits = await d.t.must('office_staff', 'customers.search', { query: `#${number}` });
  const hit = hits.find((h) => h.number === number);
  if (!hit) throw new Error(`no account ${number} on this device`);
  return hit.id;
}

const notesOn = async (d: Device, number: string) =>
  (await d.t.must('customer_service', 'notes.list', { accountId: await idOn(d, number) })).map((n) => ({ body: n.body, createdByName: n.createdByName, updatedByName: n.updatedByName }));

const billingOn = async (d: Device, number: string) => {
  const b = (await d.t.must('billing_clerk', 'billing.get', { accountId: await idOn(d, number) })).billing;
  return b && { billingName: b.billingName, addressLine1: b.addressLine1, city: b.city, postalCode: b.postalCode, card: b.card };
};

const leadInput = leadInputAt(T);

const leadsOn = async (d: Device) => (await d.t.must('office_staff', 'leads.list', { status: 'all', query: '', limit: 50 })).leads;

/** A lead as another device must see it: everything but local ids. */
const portable = (l: Awaited<ReturnType<typeof leadsOn>>[number]) => {
  const { id: _id, convertedAccountId: _a, permission, ...rest } = l;
  const { obtainedByStaffId: _s, ...evidence } = permission;
  return { ...rest, permission: evidence };
};

const restrictedCounts = (d: Device) =>
  d.t.core.stores!.customers.prepare(
    "SELECT (SELECT count(*) FROM service_notes) AS notes, (SELECT count(*) FROM billing_profiles) AS billing, (SELECT count(*) FROM leads) AS leads, (SELECT count(*) FROM replica_fields WHERE tbl IN ('notes', 'billing', 'leads')) AS fields",
  ).get() as { notes: number; billing: number; leads: number; fields: number };

/** What a device holds of the erasure test's person in the restricted tables and their replicated fields. */
const tracesOfEero = (d: Device) =>
  d.t.core.stores!.customers.prepare(
    `SELECT (SELECT count(*) FROM service_notes WHERE body LIKE '%Eero%') AS notes, (SELECT count(*) FROM billing_profiles WHERE billing_name LIKE '%Eero%') AS billing,
            (SELECT count(*) FROM leads WHERE name LIKE '%Eero%') AS leads, (SELECT count(*) FROM replica_fields WHERE tbl IN ('notes', 'billing', 'leads') AND value LIKE '%Eero%') AS fields`,
  ).get() as { notes: number; billing: number; leads: number; fields: number };

const BILLING = { billingName: 'Ada Asiakas', addressLine1: 'Mannerheimintie 1', postalCode: '00100', city: 'Helsinki', country: 'Finland', card: { brand: 'visa' as const, last4: '4242' } };

describe('replicated service notes', () => {
  it('a note travels to another office device, kept apart from its account; the last edit by clock wins; a removal is final; a booth and a role without notes.read get none', async () => {
    nextHour();
    const a = await enrolled('Notes A');
    const b = await enrolled('Notes B');
    const booth = await enrolled('Notes booth', 'booth');
    const acc = await register(a, 'Ada Asiakas', 'ada@example.com');
    await a.t.must('customer_service', 'notes.add', { accountId: acc.id, body: 'Asked about invoices.' });
    await sync(a, b, booth);
    expect(await notesOn(b, acc.number)).toEqual([{ body: 'Asked about invoices.', createdByName: 'Test customer_service', updatedByName: 'Test customer_service' }]);
    // Kept apart: the account view on B carries no note, and office staff still cannot read notes.
    expect(JSON.stringify(await b.t.must('office_staff', 'customers.get', { id: await idOn(b, acc.number) }))).not.toContain('Asked about invoices');
    const refused = await b.t.call('office_staff', 'notes.list', { accountId: await idOn(b, acc.number) });
    expect(refused.ok).toBe(false);

    // Offline: A edits at 10:01, B edits the same note at 10:02 (the later stamp).
    const noteB = (await b.t.must('customer_service', 'notes.list', { accountId: await idOn(b, acc.number) }))[0]!;
    const noteA = (await a.t.must('customer_service', 'notes.list', { accountId: acc.id }))[0]!;
    a.clock.advance(60_000);
    await a.t.must('customer_service', 'notes.update', { id: noteA.id, body: 'Edited on A.' });
    b.clock.advance(120_000);
    await b.t.must('customer_service', 'notes.update', { id: noteB.id, body: 'Edited on B, later.' });
    // B pushes first, A last: arrival order is not what decides.
    await sync(b, a, b);
    for (const d of [a, b]) expect((await notesOn(d, acc.number)).map((n) => n.body)).toEqual(['Edited on B, later.']);

    // Removed on A; B, offline, edits it later still: it stays removed everywhere.
    a.clock.advance(120_000);
    await a.t.must('customer_service', 'notes.remove', { id: noteA.id });
    b.clock.advance(120_000);
    await b.t.must('customer_service', 'notes.update', { id: noteB.id, body: 'Edited after the removal.' });
    await sync(b, a, b);
    for (const d of [a, b]) expect(await notesOn(d, acc.number)).toEqual([]);

    await sync(booth);
    expect(restrictedCounts(booth)).toEqual({ notes: 0, billing: 0, leads: 0, fields: 0 });
    await closeAll();
  });
});

describe('replicated billing profiles', () => {
  it('a profile travels; concurrent edits of different parts both survive, of the same part the later wins; a removal travels; a booth gets none', async () => {
    nextHour();
    const a = await enrolled('Billing A');
    const b = await enrolled('Billing B');
    const booth = await enrolled('Billing booth', 'booth');
    const acc = await register(a, 'Ada Asiakas', 'ada.billing@example.com');
    await a.t.must('billing_clerk', 'billing.save', { accountId: acc.id, ...BILLING });
    await sync(a, b);
    expect(await billingOn(b, acc.number)).toEqual({ billingName: 'Ada Asiakas', addressLine1: 'Mannerheimintie 1', city: 'Helsinki', postalCode: '00100', card: { brand: 'visa', last4: '4242' } });

    // Offline: A changes the city at 10:01 and the card at 10:03; B changes the name at 10:02 and the card at 10:02.
    const onB = await idOn(b, acc.number);
    a.clock.advance(60_000);
    await a.t.must('billing_clerk', 'billing.save', { accountId: acc.id, ...BILLING, city: 'Espoo', postalCode: '02100' });
    b.clock.advance(120_000);
    await b.t.must('billing_clerk', 'billing.save', { accountId: onB, ...BILLING, billingName: 'Ada Asiakas Oy', card: { brand: 'mastercard', last4: '5555' } });
    a.clock.advance(120_000);
    await a.t.must('billing_clerk', 'billing.save', { accountId: acc.id, ...BILLING, city: 'Espoo', postalCode: '02100', card: { brand: 'amex', last4: '1005' } });
    await sync(a, b, a);
    for (const d of [a, b]) {
      expect(await billingOn(d, acc.number)).toEqual({ billingName: 'Ada Asiakas Oy', addressLine1: 'Mannerheimintie 1', city: 'Espoo', postalCode: '02100', card: { brand: 'amex', last4: '1005' } });
    }

    // Removed on B: gone on A after sync.
    b.clock.advance(180_000);
    await b.t.must('billing_clerk', 'billing.remove', { accountId: onB });
    await sync(b, a);
    for (const d of [a, b]) expect(await billingOn(d, acc.number)).toBeNull();

    await sync(booth);
    expect(restrictedCounts(booth)).toEqual({ notes: 0, billing: 0, leads: 0, fields: 0 });
    await closeAll();
  });
});

describe('billing of one address registered on two offline devices', () => {
  it('the merged account shows the profile saved last on both devices', async () => {
    nextHour();
    const a = await enrolled('Merge billing A');
    const b = await enrolled('Merge billing B');
    // Offline: A registers and saves a profile; B registers the same address a minute later and saves one after.
    const first = await register(a, 'Mona Merge', 'mona@example.com');
    await a.t.must('billing_clerk', 'billing.save', { accountId: first.id, ...BILLING, billingName: 'Mona (A)' });
    b.clock.advance(60_000);
    const later = await register(b, 'Mona M.', 'mona@example.com');
    b.clock.advance(60_000);
    await b.t.must('billing_clerk', 'billing.save', { accountId: later.id, ...BILLING, billingName: 'Mona (B)', city: 'Turku', postalCode: '20100' });
    await sync(a, b, a);
    for (const d of [a, b]) expect(await billingOn(d, first.number)).toMatchObject({ billingName: 'Mona (B)', city: 'Turku' });
    await closeAll();
  });
});

describe('replicated telemarketing leads', () => {
  it('a lead travels with its permission evidence; the later edit of a field wins; a conversion travels; a removal travels', async () => {
    nextHour();
    const a = await enrolled('Leads A');
    const b = await enrolled('Leads B');
    const booth = await enrolled('Leads booth', 'booth');
    const lead = await a.t.must('office_staff', 'leads.create', leadInput());
    await sync(a, b);
    const [onB] = await leadsOn(b);
    expect(onB).toBeDefined();
    expect(portable(onB!)).toEqual(portable(lead));
    expect(onB!.permission).toMatchObject({ obtainedByName: 'Test office_staff', method: 'call', scriptVersion: 'TM-2026-01', scriptLanguage: lead.permission.scriptLanguage });
    expect(onB!.permission.scriptSha256).toMatch(/^[0-9a-f]{64}$/);
    // Found by the search index on B too.
    expect((await b.t.must('office_staff', 'leads.list', { status: 'all', query: 'Prospect', limit: 50 })).leads.map((l) => l.name)).toEqual(['Pia Prospect']);

    // Offline: both correct the phone; A at 10:02 is later than B at 10:01. B also changes the company.
    b.clock.advance(60_000);
    await b.t.must('office_staff', 'leads.update', { id: onB!.id, name: lead.name, phone: '+358 40 000 0001', email: lead.email!, company: 'Prospect Group Oy', notes: lead.notes! });
    a.clock.advance(120_000);
    await a.t.must('office_staff', 'leads.update', { id: lead.id, name: lead.name, phone: '+358 40 000 0002', email: lead.email!, company: lead.company!, notes: lead.notes! });
    // The later writer pushes first: arrival order is not what decides.
    await sync(a, b, a);
    for (const d of [a, b]) expect((await leadsOn(d)).map((l) => [l.phone, l.company])).toEqual([['+358 40 000 0002', 'Prospect Group Oy']]);

    // Converted on B: converted on A, into A's copy of the account.
    b.clock.advance(120_000);
    const conv = await b.t.must('office_staff', 'leads.convert', {
      id: onB!.id,
      productId: b.productId,
      birthDate: '1980-05-17',
      marketingOptIn: false,
      registrationNoticeVersion: b.notices.registration.version,
      marketingNoticeVersion: b.notices.marketing.version,
      language: 'en',
    });
    expect(conv.outcome).toBe('converted');
    await sync(b, a);
    const onA = (await leadsOn(a))[0]!;
    expect(onA.status).toBe('converted');
    expect(onA.convertedAccountId).toBe(a.t.core.stores!.customers.prepare('SELECT id FROM accounts WHERE email_norm = ?').pluck().get('pia.prospect@example.com'));

    // A second lead, removed on A: gone on B.
    const other = await a.t.must('office_staff', 'leads.create', leadInput({ name: 'Olli Other', phone: '+358 50 765 4321', email: '' }));
    await sync(a, b);
    expect((await leadsOn(b)).map((l) => l.name).sort()).toEqual(['Olli Other', 'Pia Prospect']);
    await a.t.must('office_staff', 'leads.remove', { id: other.id, reason: 'not_interested' });
    await sync(a, b);
    expect((await leadsOn(b)).map((l) => l.name)).toEqual(['Pia Prospect']);

    await sync(booth);
    expect(restrictedCounts(booth)).toEqual({ notes: 0, billing: 0, leads: 0, fields: 0 });
    await closeAll();
  });

  it('a lead change without its permission evidence is refused by the hub and by a device, and writes nothing', async () => {
    nextHour();
    const a = await enrolled('Refuse A');
    const lead = await a.t.must('office_staff', 'leads.create', leadInput({ name: 'Rita Refused', email: 'rita@example.com' }));
    await sync(a);
    const db = a.t.core.stores!.customers;
    const gid = db.prepare('SELECT gid FROM leads WHERE id = ?').pluck().get(lead.id) as string;
    const stamp = db.prepare("SELECT hlc, node FROM replica_fields WHERE tbl = 'leads' AND record_id = ? AND field = 'name'").get(gid) as { hlc: string; node: string };
    const bare = { table: 'leads', recordId: gid, fields: { name: { value: 'Someone Else', hlc: stamp.hlc.replace(/^0/, '1'), node: stamp.node } } };
    expect(recordChange.safeParse(bare).success).toBe(false);

    // Pushed to the hub (queued as a device would): refused there, and no device sees it.
    const text = JSON.stringify(bare);
    const id = crypto.randomUUID();
    db.prepare("INSERT INTO sync_outbox (id, kind, payload, sha256, created_at) VALUES (?, 'record', ?, ?, ?)").run(id, text, sha256Hex(text), new Date(T).toISOString());
    await sync(a);
    expect(db.prepare('SELECT hub_status FROM sync_outbox WHERE id = ?').pluck().get(id)).toBe('refused');
    const b = await enrolled('Refuse B');
    expect((await leadsOn(b)).filter((l) => l.name === 'Rita Refused' || l.name === 'Someone Else').map((l) => l.name)).toEqual(['Rita Refused']);

    // Fed to a device in a page after a good item: the whole page is refused, nothing written.
    const bdb = b.t.core.stores!.customers;
    const good = { table: 'notes', recordId: crypto.randomUUID(), fields: { removed: { value: true, hlc: stamp.hlc, node: stamp.node } } };
    expect(recordChange.safeParse(good).success).toBe(true);
    const sink = { setValue: () => undefined };
    const before = bdb.prepare('SELECT count(*) FROM replica_fields').pluck().get();
    expect(() => applyRecordPage(bdb, sink, 'office', [good, bare], new Date(T))).toThrow(ReplicaItemError);
    expect(() => applyRecordPage(bdb, sink, 'office', [good, bare], new Date(T))).toThrow(/item 2 of 2 was refused: fields\.permission: every leads change carries "permission"/);
    expect(bdb.prepare('SELECT count(*) FROM replica_fields').pluck().get()).toBe(before);
    expect((await leadsOn(b)).filter((l) => l.name === 'Rita Refused' || l.name === 'Someone Else').map((l) => l.name)).toEqual(['Rita Refused']);
    await closeAll();
  });
});

describe('records held before joining, and erasure', () => {
  it('notes, billing and leads a device held before it joined are shared once; an erasure on one device removes them on the other', async () => {
    nextHour();
    const p = await device('Before P');
    const acc = await register(p, 'Eero Erased', 'eero@example.com');
    await p.t.must('customer_service', 'notes.add', { accountId: acc.id, body: 'Eero prefers mornings.' });
    await p.t.must('billing_clerk', 'billing.save', { accountId: acc.id, ...BILLING, billingName: 'Eero Erased' });
    await p.t.must('office_staff', 'leads.create', leadInput({ name: 'Eero Erased', email: 'eero@example.com', phone: '+358 40 999 8888' }));
    await enroll(p, 'office', 'Before P');
    const q = await enrolled('Before Q');
    await sync(p, q, p, q);
    const number = (await p.t.must('office_staff', 'customers.get', { id: acc.id })).number;
    expect((await notesOn(q, number)).map((n) => n.body)).toEqual(['Eero prefers mornings.']);
    expect(await billingOn(q, number)).toMatchObject({ billingName: 'Eero Erased' });
    expect((await leadsOn(q)).filter((l) => l.name === 'Eero Erased')).toHaveLength(1);
    // Shared once: syncing again queues nothing more.
    const queued = () => p.t.core.stores!.customers.prepare("SELECT count(*) FROM sync_outbox WHERE kind = 'record' AND payload LIKE '{\"table\":\"notes\"%'").pluck().get();
    const n = queued();
    await sync(p);
    expect(queued()).toBe(n);

    const r = await p.t.call('manager', 'dsr.erase', { email: 'eero@example.com', confirmEmail: 'eero@example.com', requestMethod: 'email_request', reference: 'DSR-R-1' });
    expect(r.ok).toBe(true);
    // Q, not yet knowing, writes another note about Eero; it pushes first, then learns of the erasure.
    await q.t.must('customer_service', 'notes.add', { accountId: await idOn(q, number), body: 'Eero called again.' });
    await sync(q, p, q);
    for (const d of [p, q]) {
      expect(tracesOfEero(d)).toEqual({ notes: 0, billing: 0, leads: 0, fields: 0 });
      const dump = JSON.stringify(d.t.core.stores!.customers.prepare("SELECT * FROM sync_outbox WHERE kind = 'record'").all());
      expect(dump).not.toContain('Eero prefers mornings');
      expect(dump).not.toContain('Eero called again');
    }
    await closeAll();
  });
});
