import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaveDialogOptions } from '../../src/main/context';
import type { AccessDocument } from '../../src/main/dsr/collect';
import { ROLES } from '../../src/shared/roles';
import { manualClock, startCore, tempDir, withStaff, type TestCore } from '../support/core';
import { storeDigest } from '../support/inspect';
import { entryFor, leadInput, makeEvent, nextTurn, NOTICE_FI, permission, register, roleRefusals, RULES_FI } from './dsr-support';

/** Data subject access (managers): everything about one email across both databases, as JSON and as a readable document. */

let t: TestCore;
let outDir: string;
let answer: string | null = null;
const dialogs: SaveDialogOptions[] = [];
const clock = manualClock(new Date('2026-11-26T09:00:00Z'));
const SUBJECT = { name: 'Saara Subject', email: 'saara.subject@example.com', phone: '+358 40 111 2222' };
const OTHER = { name: 'Veikko Verrokki', email: 'veikko@example.com' };
const ids = { account: 0, other: 0, lead: 0, phoneLead: 0, otherLead: 0, entry: '', otherEntry: '' };
const NOTE = 'Prefers email. <script>alert("x")</script> & "quotes"';

beforeAll(async () => {
  outDir = tempDir('ixo-dsr-out-');
  t = await startCore({
    clock,
    dialogs: {
      chooseSavePath: async (o) => {
        dialogs.push(o);
        return answer;
      },
    },
  });
  await withStaff(t, ROLES);
  ids.account = await register(t, { ...SUBJECT, marketing: true });
  ids.other = await register(t, { ...OTHER, marketing: true });
  await t.must('office_staff', 'optouts.process', { email: SUBJECT.email, lists: ['call_detail_reports'], reason: 'email', requestedOn: '2026-11-26' });
  await t.must('customer_service', 'notes.add', { accountId: ids.account, body: NOTE });
  await t.must('customer_service', 'notes.add', { accountId: ids.other, body: 'Note about Veikko only.' });
  await t.must('billing_clerk', 'billing.save', { accountId: ids.account, billingName: 'Saara Subject', addressLine1: 'Runeberginkatu 5', postalCode: '00100', city: 'Helsinki', country: 'Finland', card: { brand: 'visa', last4: '4242' } });
  ids.lead = (await t.must('office_staff', 'leads.create', leadInput({ name: SUBJECT.name, email: SUBJECT.email, company: 'Subject Oy' }))).id;
  ids.phoneLead = (await t.must('office_staff', 'leads.create', leadInput({ name: 'S. Subject', email: '', phone: '040-111 2222', permission: permission({ method: 'callback_request' }) }))).id;
  ids.otherLead = (await t.must('office_staff', 'leads.create', leadInput({ name: OTHER.name, email: OTHER.email }))).id;
  const eventId = await makeEvent(t, [{ kind: 'single', prompt: 'Which product interests you?', options: ['Call Reporter', 'Other'], required: true }]);
  const q = (await t.must('booth_staff', 'booth.config', { eventId })).questions[0]!.id;
  const e1 = await t.must('booth_staff', 'booth.capture', await entryFor(t, eventId, { language: 'fi', name: SUBJECT.name, email: 'Saara.Subject@Example.com', phone: SUBJECT.phone, answers: { [`q${q}`]: 'Call Reporter' }, marketingConsent: true }));
  const e2 = await t.must('booth_staff', 'booth.capture', await entryFor(t, eventId, { name: OTHER.name, email: OTHER.email, phone: '+358 40 999 0000', answers: { [`q${q}`]: 'Other' } }));
  if (e1.outcome !== 'saved' || e2.outcome !== 'saved') throw new Error('capture failed');
  ids.entry = e1.entryId;
  ids.otherEntry = e2.entryId;
  await nextTurn();
  // Reads by staff, which the person may see in their export and managers in the access log.
  await t.must('customer_service', 'customers.get', { id: ids.account });
  await t.must('customer_service', 'notes.list', { accountId: ids.account });
  await t.must('billing_clerk', 'billing.get', { accountId: ids.account });
  await t.must('customer_service', 'customers.get', { id: ids.other });
  await t.must('manager', 'leads.list', {});
});

afterAll(async () => {
  await t.close();
  fs.rmSync(outDir, { recursive: true, force: true });
});

async function exportAs(format: 'json' | 'html', file: string, withPhone = true) {
  answer = path.join(outDir, file);
  const r = await t.must('manager', 'dsr.exportAccess', { email: SUBJECT.email, ...(withPhone ? { phone: SUBJECT.phone } : {}), reference: 'DSR-2026-014', format });
  return { r, file: answer };
}

describe('lookup', () => {
  it('counts what is stored about the person in both databases', async () => {
    const s = await t.must('manager', 'dsr.lookup', { email: SUBJECT.email, phone: SUBJECT.phone });
    expect(s).toMatchObject({
      email: SUBJECT.email,
      account: { id: ids.account, status: 'active' },
      empty: false,
      counts: { listMemberships: 2, consentEvents: 4, contestEntries: 1, leads: 2, serviceNotes: 1, billing: 1, mail: 1, suppressedLists: 1 },
    });
    expect(s.counts.auditRows).toBeGreaterThan(5);
    // Without the phone number, the lead that has only a phone is not found.
    expect((await t.must('manager', 'dsr.lookup', { email: SUBJECT.email })).counts.leads).toBe(1);
    expect(await t.must('manager', 'dsr.lookup', { email: 'nobody.here@example.com' })).toMatchObject({ account: null, empty: true });
  });
});

describe('the access export', () => {
  it('as JSON: every section, only this person, notes in their own section', async () => {
    const { r, file } = await exportAs('json', 'saara.json');
    expect(r).toMatchObject({ saved: true, fileName: 'saara.json' });
    expect(dialogs.at(-1)).toMatchObject({ defaultName: 'data-access-DSR-2026-014.json' });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as AccessDocument;
    expect(r.bytes).toBe(fs.statSync(file).size);

    expect(doc.format).toBe('ixo-data-subject-access/1');
    expect(doc.reference).toBe('DSR-2026-014');
    expect(doc.generatedBy).toBe('Test manager');
    expect(doc.account).toMatchObject({ id: ids.account, name: SUBJECT.name, email: SUBJECT.email, status: 'active', product: 'IXO Call Reporter' });
    const lists = doc.lists;
    expect(Object.fromEntries(lists.map((l) => [l.list, l.subscribed]))).toEqual({ technical_advisories: true, call_detail_reports: false, email_marketing: true });
    const history = doc.consentHistory;
    expect(history.map((h) => `${h.list}:${h.action}`)).toEqual([
      'technical_advisories:subscribe',
      'call_detail_reports:subscribe',
      'email_marketing:subscribe',
      'call_detail_reports:unsubscribe',
    ]);
    expect(doc.suppressedLists).toEqual(['call_detail_reports']);
    expect(doc.mail.map((m) => [m.kind, m.to])).toEqual([['registration', SUBJECT.email]]);

    const entries = doc.contestEntries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ id: ids.entry, name: SUBJECT.name, phone: SUBJECT.phone, marketingConsent: true, event: { name: 'Helsinki Tech Fair' } });
    expect(entries[0]!.answers).toEqual([{ question: 'Which product interests you?', answer: 'Call Reporter' }]);
    expect(entries[0]!.consentHistory).toHaveLength(1);
    // The language version the entrant accepted: the Finnish texts, each with its version and hash.
    const sha = (v: string) => createHash('sha256').update(v, 'utf8').digest('hex');
    expect(entries[0]).toMatchObject({ language: 'fi', rules: { version: 1, lang: 'fi', sha256: sha(RULES_FI) }, marketingNotice: { version: 1, lang: 'fi', sha256: sha(NOTICE_FI) } });
    expect(entries[0]!.consentHistory[0]!.noticeSha256).toBe(sha(NOTICE_FI));

    expect(doc.leads.map((l) => l.id)).toEqual([ids.lead, ids.phoneLead]);
    expect(doc.leads[0]!.permission.scriptSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.serviceNotes.map((n) => n.body)).toEqual([NOTE]);
    expect(doc.billing).toMatchObject({ billingName: 'Saara Subject', card: 'Visa ending 4242', address: ['Runeberginkatu 5', '00100 Helsinki', 'Finland'] });

    const trail = doc.auditTrail;
    const actions = new Set(trail.map((a) => a.action));
    for (const a of ['customers.register', 'read.account', 'read.notes', 'read.billing', 'billing.create', 'note.add', 'lead.create', 'entries.capture', 'read.leads']) {
      expect(actions.has(a), a).toBe(true);
    }
    expect(trail.find((a) => a.action === 'read.billing')?.actor).toBe('Test billing_clerk');
    expect(trail.every((a) => a.subjectType !== 'account' || a.subjectId === String(ids.account))).toBe(true);

    // Nothing about the other person.
    const text = JSON.stringify(doc);
    for (const other of [OTHER.name, OTHER.email, 'Note about Veikko', ids.otherEntry, '+358 40 999 0000']) expect(text).not.toContain(other);
  });

  it('as a readable document: the same content in HTML that cannot run script', async () => {
    const { r, file } = await exportAs('html', 'saara.html');
    expect(r.saved).toBe(true);
    expect(dialogs.at(-1)).toMatchObject({ defaultName: 'data-access-DSR-2026-014.html' });
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">');
    for (const h of ['Customer account', 'Mailing lists', 'Consent history', 'Contest and survey entries', 'Telemarketing records', 'Customer service notes', 'Billing', 'Who viewed or changed these details']) {
      expect(html).toContain(`<h2>${h}</h2>`);
    }
    for (const v of [SUBJECT.name, SUBJECT.email, SUBJECT.phone, 'Runeberginkatu 5', 'Visa ending 4242', 'Which product interests you?', 'Call Reporter', 'Subject Oy', 'DSR-2026-014']) expect(html).toContain(v);
    // The note's markup is shown as text, never as markup.
    expect(html).toContain('Prefers email. &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain(OTHER.email);
  });

  it('is audited with ids only; a cancelled save dialog writes and audits nothing', async () => {
    const rows = (await t.must('admin', 'audit.list', { action: 'export.dsr_access' })).rows;
    expect(rows.length).toBe(2);
    for (const row of rows) {
      expect(row).toMatchObject({ actorName: 'Test manager', subjectType: 'account', subjectId: String(ids.account) });
      expect(row.details).toMatchObject({ reference: 'DSR-2026-014', leadIds: [ids.lead, ids.phoneLead], entryIds: [ids.entry] });
      expect(JSON.stringify(row)).not.toContain(SUBJECT.email);
      expect(JSON.stringify(row)).not.toContain(SUBJECT.name);
    }
    answer = null;
    const files = fs.readdirSync(outDir);
    const before = storeDigest(t.core.stores!.customers);
    const r = await t.must('manager', 'dsr.exportAccess', { email: SUBJECT.email, reference: 'DSR-2026-015', format: 'json' });
    expect(r).toMatchObject({ saved: false, fileName: null, bytes: 0 });
    expect(fs.readdirSync(outDir)).toEqual(files);
    expect(storeDigest(t.core.stores!.customers)).toBe(before);
  });

  it('refuses to write into the app\'s data folder, or into a folder that does not exist', async () => {
    const before = storeDigest(t.core.stores!.customers);
    for (const bad of [path.join(t.dataDir, 'export.json'), path.join(t.dataDir, 'sub', '..', 'x.json'), path.join(outDir, 'missing-folder', 'x.json'), 'relative.json']) {
      answer = bad;
      const r = await t.call('manager', 'dsr.exportAccess', { email: SUBJECT.email, reference: 'DSR-2026-016', format: 'json' });
      expect(r.ok ? 'ok' : r.error.code, bad).toBe('invalid_input');
    }
    expect(fs.readdirSync(t.dataDir).filter((f) => f.includes('export') || f.endsWith('.json'))).toEqual([]);
    expect(storeDigest(t.core.stores!.customers)).toBe(before);
  });

  it('the renderer cannot choose the path: the input has no path field', async () => {
    const r = await t.call('manager', 'dsr.exportAccess', { email: SUBJECT.email, reference: 'DSR-1', format: 'json', path: '/tmp/x.json' } as never);
    expect(r.ok ? 'ok' : r.error.code).toBe('invalid_input');
  });
});

describe('the access log', () => {
  it('shows reads of personal data: who viewed whose account, billing or notes', async () => {
    const all = await t.must('manager', 'dsr.accessLog', {});
    expect(all.rows.length).toBeGreaterThan(0);
    expect(all.rows.every((r) => r.action.startsWith('read.') || r.action.startsWith('export.'))).toBe(true);

    const mine = await t.must('manager', 'dsr.accessLog', { email: SUBJECT.email });
    const seen = mine.rows.map((r) => `${r.actorName}|${r.action}|${r.subjectType}|${r.subjectId}`);
    expect(seen).toContain(`Test customer_service|read.account|account|${ids.account}`);
    expect(seen).toContain(`Test customer_service|read.notes|account|${ids.account}`);
    expect(seen).toContain(`Test billing_clerk|read.billing|account|${ids.account}`);
    expect(seen).toContain(`Test manager|export.dsr_access|account|${ids.account}`);
    // Reads about the other person are not in this person's log; list reads are, by their id lists.
    expect(mine.rows.some((r) => r.subjectType === 'account' && r.subjectId === String(ids.other))).toBe(false);
    expect(mine.rows.some((r) => r.action === 'read.leads')).toBe(true);
    expect(mine.rows.every((r) => r.action.startsWith('read.') || r.action.startsWith('export.'))).toBe(true);
    // Newest first, and paged.
    expect(mine.rows.map((r) => r.seq)).toEqual([...mine.rows.map((r) => r.seq)].sort((a, b) => b - a));
    const page = await t.must('manager', 'dsr.accessLog', { email: SUBJECT.email, limit: 2 });
    expect(page.rows).toHaveLength(2);
    const next = await t.must('manager', 'dsr.accessLog', { email: SUBJECT.email, limit: 2, beforeSeq: page.nextBeforeSeq! });
    expect(next.rows[0]!.seq).toBeLessThan(page.rows[1]!.seq);
  });
});

describe('who may make data subject requests', () => {
  it('managers only', async () => {
    answer = null;
    const mgr = ['manager'] as const;
    const problems = await roleRefusals(t, [
      { channel: 'dsr.lookup', input: { email: SUBJECT.email }, allowed: mgr },
      { channel: 'dsr.exportAccess', input: { email: SUBJECT.email, reference: 'DSR-9', format: 'json' }, allowed: mgr },
      { channel: 'dsr.accessLog', input: {}, allowed: mgr },
      // An address with nothing stored: the manager's call is not refused for its role, and erases nothing.
      { channel: 'dsr.erase', input: { email: 'nobody.here@example.com', confirmEmail: 'nobody.here@example.com', requestMethod: 'email_request', reference: 'DSR-9' }, allowed: mgr },
    ]);
    expect(problems).toEqual([]);
  });
});
