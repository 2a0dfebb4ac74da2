import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputOf } from '../../src/shared/contract';
import type { ErasureReport } from '../../src/shared/contract/dsr';
import { ROLES } from '../../src/shared/roles';
import { manualClock, startCore, TEST_PASSWORD, withStaff, type TestCore } from '../support/core';
import { openForInspection, storeDigest } from '../support/inspect';
import { count, entryFor, filesUnder, holdsText, leadInput, makeEvent, nextTurn, permission, product, register } from './dsr-support';

/**
 * Erasure: the person's data leaves both databases, the proof of consent and withdrawal stays
 * without personal data, and after the erasure and a WAL checkpoint none of their strings can be
 * found in any file of the data directory: not in the raw bytes, and not in the DECRYPTED pages
 * of either database (free pages and unused page space included).
 */

const P = {
  name: 'Kaarina Kanarialintu',
  email: 'kaarina.kanaria@example.net',
  phone: '+358 44 987 6543',
  address: 'Kanariankuja 7 B 12',
  title: 'KNR-Title-Chief',
  entryCompany: 'Kanaria Entry Ab',
  leadCompany: 'Kanaria-Lead Oy',
  confirmation: 'KNR-CONFIRM yes please register me',
  phoneLeadName: 'KNR-PhoneLead Person',
  note: 'NOTE-KNR-51x called about a refund',
  oldNote: 'OLDNOTE-KNR-52y first version',
  billingStreet: 'Billingkuja-KNR 9',
  survey: 'KNR-SURVEY-ANSWER loves the product',
};
/** Strings that identify the person; none may survive anywhere. */
const CANARIES = ['Kanarialintu', 'kaarina.kanaria', '987 6543', '449876543', 'Kanariankuja', 'KNR-Title', 'Kanaria Entry', 'Kanaria-Lead', 'KNR-CONFIRM', 'KNR-PhoneLead', 'NOTE-KNR', 'OLDNOTE-KNR', 'Billingkuja-KNR', 'KNR-SURVEY'];
const C = { name: 'Otto Control', email: 'otto.control@example.com', note: 'CONTROL-NOTE keep me', street: 'Controlkatu 1' };

let t: TestCore;
const clock = manualClock(new Date('2026-11-26T09:00:00Z'));
const ids = { account: 0, control: 0, controlLead: 0, entry: '', controlEntry: '', eventId: 0 };

beforeAll(async () => {
  t = await startCore({ clock, deviceName: 'erasure-test' });
  await withStaff(t, ROLES);
  const notices = await t.must('office_staff', 'customers.notices', {});
  const version = (n: string) => notices.find((x) => x.id === n)!.version;

  // The person arrives as a telemarketing lead and is converted: the consent notes carry the lead's evidence.
  const lead = await t.must('office_staff', 'leads.create', leadInput({ name: P.name, email: P.email, phone: P.phone, company: P.leadCompany, permission: permission({ confirmation: P.confirmation }) }));
  const conv = await t.must('office_staff', 'leads.convert', {
    id: lead.id,
    productId: await product(t),
    birthDate: '1970-01-01',
    marketingOptIn: true,
    registrationNoticeVersion: version('registration'),
    marketingNoticeVersion: version('marketing'),
  });
  if (conv.outcome !== 'converted') throw new Error('conversion refused');
  ids.account = conv.accountId;
  // A second lead, phone only, in national form.
  await t.must('office_staff', 'leads.create', leadInput({ name: P.phoneLeadName, email: '', phone: '044 987 6543', company: '' }));
  const note = await t.must('customer_service', 'notes.add', { accountId: ids.account, body: P.oldNote });
  await t.must('customer_service', 'notes.update', { id: note.id, body: P.note });
  await t.must('billing_clerk', 'billing.save', { accountId: ids.account, billingName: P.name, addressLine1: P.billingStreet, postalCode: '00100', city: 'Helsinki', country: 'Finland', card: { brand: 'amex', last4: '0005' } });

  ids.eventId = await makeEvent(t, [{ kind: 'text', prompt: 'Tell us something', options: [], required: false }]);
  const q = (await t.must('booth_staff', 'booth.config', { eventId: ids.eventId })).questions[0]!.id;
  const e = await t.must('booth_staff', 'booth.capture', await entryFor(t, ids.eventId, { name: P.name, email: P.email.toUpperCase(), phone: P.phone, address: P.address, title: P.title, company: P.entryCompany, answers: { [`q${q}`]: P.survey }, marketingConsent: true }));
  if (e.outcome !== 'saved') throw new Error('capture failed');
  ids.entry = e.entryId;

  // The control person, who must keep everything.
  ids.control = await register(t, { name: C.name, email: C.email, marketing: true });
  await t.must('customer_service', 'notes.add', { accountId: ids.control, body: C.note });
  await t.must('billing_clerk', 'billing.save', { accountId: ids.control, billingName: C.name, addressLine1: C.street, postalCode: '00100', city: 'Helsinki', country: 'Finland', card: null });
  ids.controlLead = (await t.must('office_staff', 'leads.create', leadInput({ name: 'Control Lead', email: C.email, phone: '+358 50 000 1111' }))).id;
  const ce = await t.must('booth_staff', 'booth.capture', await entryFor(t, ids.eventId, { name: C.name, email: C.email, phone: '+358 50 000 1111', answers: { [`q${q}`]: 'control answer' } }));
  if (ce.outcome !== 'saved') throw new Error('capture failed');
  ids.controlEntry = ce.entryId;
  await nextTurn();

  // Staff reads (audit rows by id), and an opt-out of the control person's marketing for variety.
  await t.must('customer_service', 'customers.get', { id: ids.account });
  await t.must('customer_service', 'notes.list', { accountId: ids.account });
  await t.must('billing_clerk', 'billing.find', { email: P.email });
  await t.must('manager', 'entries.get', { id: ids.entry });
});

afterAll(async () => {
  await t.close();
});

async function decrypted(store: 'customers' | 'contests'): Promise<Buffer> {
  const db: Database = await openForInspection(t.dataDir, store, t.vault);
  try {
    return db.serialize();
  } finally {
    db.close();
  }
}

/** Canaries found: in the raw bytes of any file of the data directory, or in either decrypted database. */
async function findCanaries(): Promise<string[]> {
  const found: string[] = [];
  for (const file of filesUnder(t.dataDir)) {
    const bytes = fs.readFileSync(file);
    for (const c of CANARIES) if (holdsText(bytes, c)) found.push(`${path.basename(file)}: ${c}`);
  }
  for (const store of ['customers', 'contests'] as const) {
    const image = await decrypted(store);
    for (const c of CANARIES) if (holdsText(image, c)) found.push(`${store}.db (decrypted): ${c}`);
  }
  return found;
}

const eraseInput = (over: Partial<InputOf<'dsr.erase'>> = {}): InputOf<'dsr.erase'> => ({
  email: P.email,
  phone: '044-987 6543',
  confirmEmail: P.email.toUpperCase(),
  requestMethod: 'email_request',
  reference: 'DSR-2026-020',
  ...over,
});

let report: ErasureReport;

const FTS_INDEXES = () =>
  [
    [t.core.stores!.customers, 'accounts_fts'],
    [t.core.stores!.customers, 'leads_fts'],
    [t.core.stores!.contests, 'entries_fts'],
  ] as const;

/** Rows each search index returns for the person's surname or phone digits. */
function indexHits() {
  const q = (db: Database, table: string, match: string) =>
    db.prepare(`SELECT count(*) FROM ${table} WHERE ${table} MATCH ?`).pluck().get(match) as number;
  const [[customers], , [contests]] = FTS_INDEXES();
  return {
    accounts: q(customers, 'accounts_fts', '"kanarialintu" OR "kaarina.kanaria"'),
    leads: q(customers, 'leads_fts', '"kanarialintu" OR "kanaria-lead" OR "knr-phonelead" OR phone_digits : "449876543"'),
    entries: q(contests, 'entries_fts', '"kanarialintu" OR phone_norm : "449876543"'),
  };
}

describe('before erasure', () => {
  it('the scan finds the person in the decrypted databases (so it can fail), and never in the raw files', async () => {
    const found = await findCanaries();
    const raw = found.filter((f) => !f.includes('(decrypted)'));
    expect(raw).toEqual([]);
    // The note's first version is already gone: secure_delete (on in this build, and asserted by the
    // erasure) zeroed it when the note was edited. Every other string is there to be found.
    for (const c of CANARIES.filter((x) => x !== 'OLDNOTE-KNR')) expect(found.some((f) => f.endsWith(`: ${c}`)), c).toBe(true);
  });

  it('the search indexes find the person, and each deletes securely', async () => {
    expect(indexHits()).toEqual({ accounts: 1, leads: 2, entries: 1 });
    for (const [db, table] of FTS_INDEXES()) expect(db.prepare(`SELECT v FROM ${table}_config WHERE k = 'secure-delete'`).pluck().get(), table).toBe(1);
  });

  it('a mistyped confirmation erases nothing', async () => {
    const before = `${storeDigest(t.core.stores!.customers)}:${storeDigest(t.core.stores!.contests)}`;
    const r = await t.call('manager', 'dsr.erase', eraseInput({ confirmEmail: 'kaarina.kanari@example.net' }));
    expect(r.ok ? 'ok' : r.error.code).toBe('invalid_input');
    if (!r.ok) expect(r.error.fields?.[0]?.path).toBe('confirmEmail');
    expect(`${storeDigest(t.core.stores!.customers)}:${storeDigest(t.core.stores!.contests)}`).toBe(before);
  });
});

describe('erasure', () => {
  it('removes the data from both databases and reports what it did', async () => {
    const customers = t.core.stores!.customers;
    const consentBefore = count(customers, 'consent_events', 'account_id = ?', ids.account);
    report = await t.must('manager', 'dsr.erase', eraseInput());
    expect(report).toEqual({
      accountId: ids.account,
      erased: { account: true, contestEntries: 1, leads: 2, serviceNotes: 1, billing: 1, mail: 1 },
      // Three subscriptions from the conversion, three withdrawals by the erasure.
      kept: { consentEvents: consentBefore + 3, entryConsentEvents: 2, suppressedLists: 3 },
      scrubbed: { customers: true, contests: true },
    });
  });

  it('leaves no trace of the person in any file of the data directory, raw or decrypted, with the WAL emptied', async () => {
    for (const f of filesUnder(t.dataDir).filter((f) => f.endsWith('-wal'))) expect(fs.statSync(f).size, f).toBe(0);
    expect(await findCanaries()).toEqual([]);
  });

  it('keeps anonymised proof of consent and withdrawal, and the suppression hash', async () => {
    const customers = t.core.stores!.customers;
    const contests = t.core.stores!.contests;
    expect(customers.prepare('SELECT s.status, a.name, a.email, a.email_norm, a.erased_at FROM accounts a JOIN account_state s ON s.account_id = a.id WHERE a.id = ?').get(ids.account)).toEqual({
      status: 'erased',
      name: null,
      email: null,
      email_norm: null,
      erased_at: '2026-11-26T09:00:00.000Z',
    });
    const events = customers.prepare('SELECT list, action, method, note, notice_hash, staff_id FROM consent_events WHERE account_id = ? ORDER BY id').all(ids.account) as { list: string; action: string; method: string; note: string | null; notice_hash: string | null }[];
    expect(events.map((e) => `${e.list}:${e.action}:${e.method}`)).toEqual([
      'technical_advisories:subscribe:telemarketing',
      'call_detail_reports:subscribe:telemarketing',
      'email_marketing:subscribe:telemarketing',
      'technical_advisories:unsubscribe:email_request',
      'call_detail_reports:unsubscribe:email_request',
      'email_marketing:unsubscribe:email_request',
    ]);
    expect(events.every((e) => e.note === null)).toBe(true);
    expect(events.slice(0, 3).every((e) => /^[0-9a-f]{64}$/.test(e.notice_hash ?? ''))).toBe(true);
    // Suppression: the address is on the do-not-mail list for every list, as a keyed hash only.
    const lookup = await t.must('office_staff', 'optouts.find', { email: P.email });
    expect(lookup.account).toBeNull();
    expect(lookup.suppressed.sort()).toEqual(['call_detail_reports', 'email_marketing', 'technical_advisories']);
    // The entry: no personal data, marketing consent withdrawn, its consent history kept.
    const entry = contests.prepare('SELECT * FROM entries WHERE uuid = ?').get(ids.entry) as Record<string, unknown>;
    expect(entry).toMatchObject({ name: '', email: '', email_norm: '', phone: '', address: '', title: '', company: '', answers: '{}', marketing_consent: 0 });
    const entryEvents = contests.prepare('SELECT granted, method FROM entry_consent_events WHERE entry_id = ? ORDER BY id').all(entry['id']);
    expect(entryEvents).toEqual([
      { granted: 1, method: 'booth' },
      { granted: 0, method: 'email_request' },
    ]);
    expect(count(contests, 'sync_outbox', 'id = ?', ids.entry)).toBe(0);
    // The audit: the erasure is recorded by id, the chain still verifies.
    const audit = (await t.must('admin', 'audit.list', { limit: 10 })).rows;
    expect(audit.find((r) => r.action === 'dsr.erase')).toMatchObject({ actorName: 'Test manager', subjectType: 'account', subjectId: String(ids.account), details: { reference: 'DSR-2026-020', requestMethod: 'email_request' } });
    expect(audit.some((r) => r.action === 'dsr.erase_started')).toBe(true);
    expect((await t.must('admin', 'audit.verify', {})).ok).toBe(true);
  });

  it('leaves everyone else untouched', async () => {
    expect((await t.must('customer_service', 'notes.list', { accountId: ids.control })).map((n) => n.body)).toEqual([C.note]);
    expect((await t.must('billing_clerk', 'billing.get', { accountId: ids.control })).billing?.addressLine1).toBe(C.street);
    expect((await t.must('office_staff', 'customers.get', { id: ids.control })).lists.filter((l) => l.subscribed)).toHaveLength(3);
    expect((await t.must('office_staff', 'leads.list', {})).leads.map((l) => l.id)).toEqual([ids.controlLead]);
    expect((await t.must('manager', 'entries.get', { id: ids.controlEntry })).name).toBe(C.name);
    const canaryFree = await findCanaries();
    expect(canaryFree).toEqual([]);
    expect(indexHits()).toEqual({ accounts: 0, leads: 0, entries: 0 });
    for (const [db, table] of FTS_INDEXES()) db.prepare(`INSERT INTO ${table}(${table}) VALUES ('integrity-check')`).run();
    const image = await decrypted('customers');
    expect(holdsText(image, C.note)).toBe(true);
  });

  it('the stores reopen after the scrub, and a clean shutdown leaves no trace either', async () => {
    const { dataDir, vault } = t;
    await t.close();
    t = await startCore({ dataDir, vault, clock });
    for (const [conn, username] of [['admin', 'admin'], ['manager', 'manager'], ['office_staff', 'office-staff']]) {
      await t.must(conn!, 'auth.signIn', { username: username!, password: TEST_PASSWORD });
    }
    expect((await t.must('admin', 'audit.verify', {})).ok).toBe(true);
    expect(count(t.core.stores!.customers, 'accounts')).toBe(2);
    expect(await findCanaries()).toEqual([]);
  });
  it('finds nothing more to erase, and the person can come back with a new, explicit registration', async () => {
    expect(await t.must('manager', 'dsr.lookup', { email: P.email, phone: P.phone })).toMatchObject({ account: null, empty: true, counts: { leads: 0, contestEntries: 0 } });
    const again = await t.call('manager', 'dsr.erase', eraseInput());
    expect(again.ok ? 'ok' : again.error.code).toBe('not_found');
    // The account view of an erased account is gone.
    const view = await t.call('office_staff', 'customers.get', { id: ids.account });
    expect(view.ok ? 'ok' : view.error.code).toBe('not_found');
    const fresh = await register(t, { name: 'Kaarina K.', email: P.email });
    expect(fresh).not.toBe(ids.account);
  });

});
