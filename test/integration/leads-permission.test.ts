import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputOf } from '../../src/shared/contract';
import { insertLead } from '../../src/main/leads/repo';
import { ROLES } from '../../src/shared/roles';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';
import { storeDigest } from '../support/inspect';
import { count, leadInput, permission, product, register, roleRefusals } from './dsr-support';

/** Policy 2b: a lead is stored only with a complete express-permission block. */

let t: TestCore;
const clock = manualClock(new Date('2026-11-26T09:00:00Z'));
const digest = () => storeDigest(t.core.stores!.customers);
const leads = () => count(t.core.stores!.customers, 'leads');

beforeAll(async () => {
  t = await startCore({ clock });
  await withStaff(t, ROLES);
});
afterAll(async () => {
  await t.close();
});
/** The tests share one core; each removes the leads it made, so each starts from none. */
async function clearLeads() {
  const db = t.core.stores!.customers;
  db.prepare('DELETE FROM leads').run();
}

describe('a lead with a complete permission block', () => {
  it('is stored with its evidence, and the list shows that evidence', async () => {
    await clearLeads();
    const scripts = await t.must('office_staff', 'leads.scripts', {});
    const script = scripts.find((s) => s.version === 'TM-2026-01')!;
    // The hash is of the exact script text the caller read out.
    expect(script.sha256).toBe(createHash('sha256').update(script.text, 'utf8').digest('hex'));

    const lead = await t.must('office_staff', 'leads.create', leadInput());
    expect(lead.permission).toMatchObject({
      obtainedByName: 'Test office_staff',
      obtainedAt: '2026-11-25T14:30:00.000Z',
      method: 'call',
      scriptVersion: 'TM-2026-01',
      scriptSha256: script.sha256,
      confirmation: 'Yes, you may register me and call me about your products.',
      recordedByName: 'Test office_staff',
    });
    const staff = await t.must('admin', 'staff.list', {});
    expect(lead.permission.obtainedByStaffId).toBe(staff.find((s) => s.username === 'office-staff')!.id);

    // Someone else obtained it (an agency caller): their name is recorded, no staff id.
    const other = await t.must('office_staff', 'leads.create', leadInput({ name: 'Olli Other', phone: '+358 50 765 4321', email: '', permission: permission({ obtainedBySelf: false, obtainedByName: 'Liisa, CallPartner Oy', method: 'callback_request', scriptVersion: 'TM-2026-01-CB' }) }));
    expect(other.email).toBeNull();
    expect(other.permission).toMatchObject({ obtainedByStaffId: null, obtainedByName: 'Liisa, CallPartner Oy', method: 'callback_request', scriptVersion: 'TM-2026-01-CB' });

    // Office staff manage leads; managers may read them, with the same evidence.
    for (const role of ['office_staff', 'manager'] as const) {
      const page = await t.must(role, 'leads.list', { status: 'all' });
      expect(page.leads.map((l) => l.id)).toEqual([other.id, lead.id]);
      expect(page.leads[1]!.permission).toEqual(lead.permission);
      expect(page.leads[0]!.permission).toEqual(other.permission);
    }

    // Creating and reading are audited, by id only.
    const audit = await t.must('admin', 'audit.list', { limit: 20 });
    const created = audit.rows.filter((r) => r.action === 'lead.create');
    expect(created.map((r) => r.subjectId).sort()).toEqual([String(lead.id), String(other.id)].sort());
    const reads = audit.rows.filter((r) => r.action === 'read.leads');
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(reads[0]!.details['leadIds']).toEqual([other.id, lead.id]);
    expect(JSON.stringify(audit.rows)).not.toContain('Pia Prospect');
    expect(JSON.stringify(audit.rows)).not.toContain('pia.prospect@example.com');
  });

  it('search finds leads by name, company, email and phone digits', async () => {
    await clearLeads();
    const a = await t.must('office_staff', 'leads.create', leadInput());
    const b = await t.must('office_staff', 'leads.create', leadInput({ name: 'Matti Meikäläinen', company: 'Kone 100% Oy', phone: '09 3157 7988', email: 'matti@example.fi' }));
    const find = async (query: string) => (await t.must('office_staff', 'leads.list', { query })).leads.map((l) => l.id);
    expect(await find('pia')).toEqual([a.id]);
    expect(await find('meikäläinen')).toEqual([b.id]);
    expect(await find('100%')).toEqual([b.id]);
    expect(await find('EXAMPLE.FI')).toEqual([b.id]);
    expect(await find('31577')).toEqual([b.id]);
    expect(await find('_')).toEqual([]);
  });
});

describe('without a complete permission block nothing is stored', () => {
  const cases: [string, (p: Record<string, unknown>) => void, string][] = [
    ['who obtained it: neither self nor a name', (p) => ((p['obtainedBySelf'] = false), delete p['obtainedByName']), 'permission.obtainedByName'],
    ['who obtained it: blank name', (p) => ((p['obtainedBySelf'] = false), (p['obtainedByName'] = '   ')), 'permission.obtainedByName'],
    ['who obtained it: missing', (p) => delete p['obtainedBySelf'], 'permission.obtainedBySelf'],
    ['when: missing', (p) => delete p['obtainedAt'], 'permission.obtainedAt'],
    ['when: not a date', (p) => (p['obtainedAt'] = 'yesterday'), 'permission.obtainedAt'],
    ['when: not a real date', (p) => (p['obtainedAt'] = '2026-02-30T10:00'), 'permission.obtainedAt'],
    ['when: in the future', (p) => (p['obtainedAt'] = '2026-11-27T09:00:00Z'), 'permission.obtainedAt'],
    ['how: missing', (p) => delete p['method'], 'permission.method'],
    ['how: unknown', (p) => (p['method'] = 'bought_list'), 'permission.method'],
    ['script: missing', (p) => delete p['scriptVersion'], 'permission.scriptVersion'],
    ['script: blank', (p) => (p['scriptVersion'] = ' '), 'permission.scriptVersion'],
    ['script: unknown version', (p) => (p['scriptVersion'] = 'TM-1999-99'), 'permission.scriptVersion'],
    ["prospect's confirmation: not ticked", (p) => (p['prospectConfirmed'] = false), 'permission.prospectConfirmed'],
    ["prospect's confirmation: missing tick", (p) => delete p['prospectConfirmed'], 'permission.prospectConfirmed'],
    ["prospect's confirmation: no words or reference", (p) => (p['confirmation'] = ''), 'permission.confirmation'],
  ];

  it.each(cases)('%s', async (_label, breakIt, fieldPath) => {
    await clearLeads();
    const input = leadInput() as unknown as Record<string, unknown>;
    const p = { ...(input['permission'] as Record<string, unknown>) };
    breakIt(p);
    const before = digest();
    const r = await t.call('office_staff', 'leads.create', { ...input, permission: p } as InputOf<'leads.create'>);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_input');
    expect(r.error.fields?.map((f) => f.path)).toContain(fieldPath);
    expect(r.error.message.length).toBeGreaterThan(10);
    expect(leads()).toBe(0);
    expect(digest()).toBe(before);
  });

  it('no block at all', async () => {
    await clearLeads();
    const { permission: _p, ...rest } = leadInput();
    const before = digest();
    const r = await t.call('office_staff', 'leads.create', rest as InputOf<'leads.create'>);
    expect(r.ok ? 'ok' : r.error.code).toBe('invalid_input');
    expect(leads()).toBe(0);
    expect(digest()).toBe(before);
  });

  it('the table itself refuses a row with any part of the block empty (defence in depth)', async () => {
    await clearLeads();
    const db = t.core.stores!.customers;
    const staffId = (await t.must('admin', 'staff.list', {}))[0]!.id;
    const contact = { name: 'Direct Insert', phone: '+358 40 000 0000', email: null, company: null, notes: null };
    const good = { obtainedByStaffId: null, obtainedByName: 'Somebody', obtainedAt: '2026-11-25T10:00:00.000Z', method: 'call' as const, scriptVersion: 'TM-2026-01', scriptSha256: 'a'.repeat(64), scriptLanguage: 'en' as const, confirmation: 'yes' };
    const broken: Partial<Record<keyof typeof good, unknown>>[] = [
      { obtainedByName: '' },
      { obtainedByName: '  ' },
      { obtainedAt: '' },
      { obtainedAt: 'sometime' },
      { method: 'guess' },
      { scriptVersion: '' },
      { scriptSha256: 'short' },
      { scriptLanguage: 'sv' },
      { confirmation: ' ' },
      { confirmation: null },
    ];
    for (const b of broken) {
      expect(() => db.transaction(() => insertLead(db, contact, { ...good, ...b } as typeof good, staffId, '2026-11-26T09:00:00.000Z'))(), JSON.stringify(b)).toThrow(/constraint/i);
    }
    expect(leads()).toBe(0);
    db.transaction(() => insertLead(db, contact, good, staffId, '2026-11-26T09:00:00.000Z'))();
    expect(leads()).toBe(1);
    await clearLeads();
  });
});

describe('changing and removing leads', () => {
  it('contact details can be corrected; the permission evidence cannot be rewritten', async () => {
    const lead = await t.must('office_staff', 'leads.create', leadInput());
    clock.advance(60_000);
    const updated = await t.must('office_staff', 'leads.update', { id: lead.id, name: 'Pia Prospect-Virtanen', phone: lead.phone, email: 'pia@prospect.fi', company: '', notes: '' });
    expect(updated).toMatchObject({ name: 'Pia Prospect-Virtanen', email: 'pia@prospect.fi', company: null, notes: null });
    expect(updated.permission).toEqual(lead.permission);
    // The update schema has no permission field at all.
    const r = await t.call('office_staff', 'leads.update', { id: lead.id, name: 'X', phone: lead.phone, permission: permission({ method: 'web_form' }) } as unknown as InputOf<'leads.update'>);
    expect(r.ok ? 'ok' : r.error.code).toBe('invalid_input');
    const audit = await t.must('admin', 'audit.list', { action: 'lead.update' });
    expect(audit.rows[0]!.details).toEqual({ changed: ['name', 'email', 'company', 'notes'] });
  });

  it('a lead is removed with a reason (e.g. permission withdrawn) and the removal is audited', async () => {
    await clearLeads();
    const lead = await t.must('office_staff', 'leads.create', leadInput());
    await t.must('office_staff', 'leads.remove', { id: lead.id, reason: 'permission_withdrawn' });
    expect(leads()).toBe(0);
    const audit = await t.must('admin', 'audit.list', { action: 'lead.remove' });
    expect(audit.rows[0]).toMatchObject({ subjectType: 'lead', subjectId: String(lead.id), details: { reason: 'permission_withdrawn' } });
    const again = await t.call('office_staff', 'leads.remove', { id: lead.id, reason: 'duplicate' });
    expect(again.ok ? 'ok' : again.error.code).toBe('not_found');
  });
});

describe('who may use the leads channels', () => {
  it('office staff manage leads; office staff and managers read them; every other role is refused', async () => {
    await clearLeads();
    const lead = await t.must('office_staff', 'leads.create', leadInput());
    const readers = ['office_staff', 'manager'] as const;
    const office = ['office_staff'] as const;
    const problems = await roleRefusals(t, [
      { channel: 'leads.scripts', input: {}, allowed: readers },
      { channel: 'leads.list', input: {}, allowed: readers },
      { channel: 'leads.create', input: leadInput({ name: 'Role Probe' }), allowed: office },
      { channel: 'leads.update', input: { id: lead.id, name: 'Pia P.', phone: lead.phone }, allowed: office },
      { channel: 'leads.convert', input: { id: lead.id, productId: 999, birthDate: '1980-01-01', marketingOptIn: false, registrationNoticeVersion: 'v1', marketingNoticeVersion: 'v1' }, allowed: office },
      { channel: 'leads.remove', input: { id: lead.id, reason: 'duplicate' }, allowed: office },
    ]);
    expect(problems).toEqual([]);
  });
});

describe('converting a lead into a registration', () => {
  async function convertInput(id: number, over: Partial<InputOf<'leads.convert'>> = {}): Promise<InputOf<'leads.convert'>> {
    const notices = await t.must('office_staff', 'customers.notices', {});
    const version = (n: string) => notices.find((x) => x.id === n)!.version;
    return {
      id,
      productId: await product(t),
      birthDate: '1979-08-01',
      marketingOptIn: false,
      registrationNoticeVersion: version('registration'),
      marketingNoticeVersion: version('marketing'),
      ...over,
    };
  }

  it('registers the prospect, and the permission carries over as consent evidence', async () => {
    await clearLeads();
    const lead = await t.must('office_staff', 'leads.create', leadInput({ email: 'conv.prospect@example.com', name: 'Conny Convert' }));
    const r = await t.must('office_staff', 'leads.convert', await convertInput(lead.id, { marketingOptIn: true }));
    if (r.outcome !== 'converted') throw new Error('not converted');
    expect(r.lead).toMatchObject({ status: 'converted', convertedAccountId: r.accountId });
    expect(r.lead.permission).toEqual(lead.permission);

    const account = await t.must('office_staff', 'customers.get', { id: r.accountId });
    expect(account).toMatchObject({ name: 'Conny Convert', email: 'conv.prospect@example.com', status: 'active' });
    expect(account.lists.filter((l) => l.subscribed).map((l) => l.list).sort()).toEqual(['call_detail_reports', 'email_marketing', 'technical_advisories']);
    expect(account.history).toHaveLength(3);
    for (const e of account.history) {
      expect(e.method).toBe('telemarketing');
      // Who obtained it, when, how, which script (and the hash of its text), and the prospect's words.
      expect(e.note).toContain(`Telemarketing lead ${lead.id}`);
      expect(e.note).toContain(lead.permission.obtainedAt);
      expect(e.note).toContain(lead.permission.obtainedByName);
      expect(e.note).toContain(lead.permission.scriptVersion);
      expect(e.note).toContain(lead.permission.scriptSha256);
      expect(e.note).toContain(lead.permission.confirmation);
      expect(e.notice?.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    // Policy 3a: the registration email is queued like any registration.
    expect(account.registrationEmail?.status).toBe('pending');

    const audit = (await t.must('admin', 'audit.list', { limit: 30 })).rows;
    expect(audit.find((a) => a.action === 'customers.register')?.details).toMatchObject({ leadId: lead.id, method: 'telemarketing' });
    expect(audit.find((a) => a.action === 'lead.convert')).toMatchObject({ subjectType: 'lead', subjectId: String(lead.id), details: { accountId: r.accountId } });

    // A converted lead is done: not converted twice, not edited.
    const again = await t.call('office_staff', 'leads.convert', await convertInput(lead.id));
    expect(again.ok ? 'ok' : again.error.code).toBe('conflict');
    const edit = await t.call('office_staff', 'leads.update', { id: lead.id, name: 'X', phone: lead.phone });
    expect(edit.ok ? 'ok' : edit.error.code).toBe('conflict');
    expect((await t.must('office_staff', 'leads.list', {})).leads.map((l) => l.id)).not.toContain(lead.id);
    expect((await t.must('office_staff', 'leads.list', { status: 'converted' })).leads.map((l) => l.id)).toEqual([lead.id]);
  });

  it('the Finnish script is a version of its own: the lead records it, and the registration email goes out in Finnish', async () => {
    await clearLeads();
    const scripts = await t.must('office_staff', 'leads.scripts', {});
    // Every script is there in both languages, each language version with its own version and hash.
    for (const id of new Set(scripts.map((s) => s.script))) {
      const versions = scripts.filter((s) => s.script === id);
      expect(versions.map((s) => s.language).sort(), id).toEqual(['en', 'fi']);
      expect(new Set(versions.map((s) => s.version)).size).toBe(2);
      expect(new Set(versions.map((s) => s.sha256)).size).toBe(2);
    }
    const finnish = scripts.find((s) => s.script === 'TM-2026-01' && s.language === 'fi')!;
    expect(finnish.text).toMatch(/soitan IXO Systems Oy:stä/);
    expect(finnish.sha256).toBe(createHash('sha256').update(finnish.text, 'utf8').digest('hex'));

    const lead = await t.must('office_staff', 'leads.create', leadInput({ name: 'Kalle Kokeilija', email: 'kalle.kokeilija@example.fi', permission: permission({ scriptVersion: finnish.version }) }));
    expect(lead.permission).toMatchObject({ scriptVersion: finnish.version, scriptSha256: finnish.sha256, scriptLanguage: 'fi' });
    const english = await t.must('office_staff', 'leads.create', leadInput({ name: 'Ella English', email: 'ella.english@example.com' }));
    expect(english.permission).toMatchObject({ scriptVersion: 'TM-2026-01', scriptLanguage: 'en' });
    const stored = t.core.stores!.customers.prepare('SELECT perm_script_version AS version, perm_script_language AS language FROM leads ORDER BY id').all();
    expect(stored).toEqual([
      { version: finnish.version, language: 'fi' },
      { version: 'TM-2026-01', language: 'en' },
    ]);
    // The language comes from the registry: a caller cannot pass one of its own.
    const forged = await t.call('office_staff', 'leads.create', leadInput({ permission: { ...permission(), scriptLanguage: 'fi' } as never }));
    expect(forged.ok ? 'ok' : forged.error.code).toBe('invalid_input');

    // Converted, the customer's language is the script's unless the caller says otherwise.
    const subjectOf = (accountId: number) => t.core.stores!.customers.prepare('SELECT subject FROM mail_outbox WHERE account_id = ?').pluck().get(accountId);
    const fi = await t.must('office_staff', 'leads.convert', await convertInput(lead.id));
    if (fi.outcome !== 'converted') throw new Error('not converted');
    expect((await t.must('office_staff', 'customers.get', { id: fi.accountId })).language).toBe('fi');
    expect(subjectOf(fi.accountId)).toBe('IXO Systems -tilisi on rekisteröity');
    const history = (await t.must('office_staff', 'customers.get', { id: fi.accountId })).history;
    expect(history[0]!.note).toContain(`script ${finnish.version} (language fi) sha256 ${finnish.sha256}`);
    const en = await t.must('office_staff', 'leads.convert', { ...(await convertInput(english.id)), language: 'fi' });
    if (en.outcome !== 'converted') throw new Error('not converted');
    expect((await t.must('office_staff', 'customers.get', { id: en.accountId })).language).toBe('fi');
  });

  it('needs an email (policy 2a) and refuses an address that already has an account; the lead stays as it was', async () => {
    await clearLeads();
    const noEmail = await t.must('office_staff', 'leads.create', leadInput({ email: '' }));
    const before = digest();
    const r = await t.call('office_staff', 'leads.convert', await convertInput(noEmail.id));
    expect(r.ok ? 'ok' : r.error.code).toBe('invalid_input');
    expect(digest()).toBe(before);

    await register(t, { name: 'Already There', email: 'already@example.com' });
    const dup = await t.must('office_staff', 'leads.create', leadInput({ email: 'Already@Example.com' }));
    const r2 = await t.call('office_staff', 'leads.convert', await convertInput(dup.id));
    expect(r2.ok ? 'ok' : r2.error.code).toBe('conflict');
    expect((await t.must('office_staff', 'leads.list', {})).leads.find((l) => l.id === dup.id)?.status).toBe('open');
  });

  it('under 13 (the neutral age screen): refused, and the lead is removed so nothing about the prospect is kept', async () => {
    await clearLeads();
    const lead = await t.must('office_staff', 'leads.create', leadInput({ email: 'young.one@example.com', name: 'Young One' }));
    const db = t.core.stores!.customers;
    const accountsBefore = count(db, 'accounts');
    const r = await t.must('office_staff', 'leads.convert', await convertInput(lead.id, { birthDate: '2016-01-01' }));
    expect(r.outcome).toBe('refused');
    expect(count(db, 'leads')).toBe(0);
    expect(count(db, 'accounts')).toBe(accountsBefore);
    const removed = await t.must('admin', 'audit.list', { action: 'lead.remove' });
    expect(removed.rows[0]).toMatchObject({ subjectId: String(lead.id), details: { reason: 'age_screen' } });
  });
});
