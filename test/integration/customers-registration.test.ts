import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listStateMismatches } from '../../src/main/accounts/consent-repo';
import { underAgeCount } from '../../src/main/customers/age';
import { RESOURCES } from '../support/core';
import { count, registerOk, registration, snapshot, startCustomers, type CustomersEnv } from './customers-helpers';

let env: CustomersEnv | undefined;
afterEach(async () => {
  await env?.t.close();
  env = undefined;
});

const db = () => env!.t.core.stores!.customers;

describe('registration', () => {
  it('creates the account, its consent events, the outbox row and the audit row together', async () => {
    env = await startCustomers();
    const r = await registerOk(env);
    const a = r.account;
    expect(a.status).toBe('active');
    expect(a.email).toBe('Maija.Meikalainen@Example.com');
    expect(a.productName).toBe('IXO Call Pro');
    expect(Object.fromEntries(a.lists.map((l) => [l.list, l.subscribed]))).toEqual({
      technical_advisories: true,
      call_detail_reports: true,
      email_marketing: false,
    });

    // Each subscription cites the registration notice, with the hash of the file's bytes.
    const fileHash = createHash('sha256').update(fs.readFileSync(path.join(RESOURCES, 'notices', `registration-${env.notices.registration.version}.txt`))).digest('hex');
    expect(a.history).toHaveLength(2);
    for (const e of a.history) {
      expect(e.action).toBe('subscribe');
      expect(e.method).toBe('registration_form');
      expect(e.notice).toEqual({ id: 'registration', version: env.notices.registration.version, hash: fileHash });
      expect(e.staff?.name).toBe('Test office_staff');
      expect(e.device).toBe('test-laptop');
      expect(e.recordedAt).toBe(env.clock.now().toISOString());
    }
    expect(a.history.map((e) => e.list).sort()).toEqual(['call_detail_reports', 'technical_advisories']);

    // Email matching uses the normal form.
    expect(db().prepare('SELECT email_norm FROM accounts WHERE id = ?').pluck().get(a.id)).toBe('maija.meikalainen@example.com');
    // The registration email waits in the outbox, written in the same transaction.
    const mail = db().prepare('SELECT * FROM mail_outbox WHERE account_id = ?').all(a.id) as { id: string; status: string; body: string }[];
    expect(mail).toHaveLength(1);
    expect(mail[0]!.status).toBe('pending');
    expect(mail[0]!.id).toBe(r.emailId);
    expect(a.registrationEmail).toEqual({ id: r.emailId, status: 'pending', sentAt: null });
    const audit = db().prepare("SELECT * FROM audit_log WHERE action = 'customers.register'").all() as { subject_id: string; details: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.subject_id).toBe(String(a.id));
    expect(audit[0]!.details).not.toMatch(/maija/i);
    expect(listStateMismatches(db())).toEqual([]);
  });

  it('subscribes to marketing only when the box is ticked, citing the marketing notice', async () => {
    env = await startCustomers();
    const withMarketing = await registerOk(env, { marketingOptIn: true });
    const m = withMarketing.account.history.find((e) => e.list === 'email_marketing');
    expect(m?.notice).toEqual({ id: 'marketing', version: env.notices.marketing.version, hash: env.notices.marketing.hash });
    expect(withMarketing.account.lists.find((l) => l.list === 'email_marketing')?.subscribed).toBe(true);

    const without = await registerOk(env, { email: 'other@example.com', marketingOptIn: false });
    expect(without.account.history.some((e) => e.list === 'email_marketing')).toBe(false);
  });

  it('refuses a second account for the same normalised email and points to the first', async () => {
    env = await startCustomers();
    const first = await registerOk(env);
    const before = snapshot(db());
    const r = await env.t.call('office_staff', 'customers.register', registration(env, { email: '  MAIJA.meikalainen@example.COM ', name: 'Someone Else' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('conflict');
    expect(r.error.message).toContain(`account ${first.account.id}`);
    expect(r.error.fields?.[0]?.path).toBe('email');
    expect(snapshot(db())).toEqual(before);
    expect(count(db(), 'SELECT count(*) AS n FROM accounts')).toBe(1);
  });

  it('gives each field its own message and writes nothing for bad input', async () => {
    env = await startCustomers();
    const before = snapshot(db());
    const cases: [Partial<Parameters<typeof registration>[1]>, string, RegExp][] = [
      [{ name: '' }, 'name', /Name is required/],
      [{ name: '   ' }, 'name', /Name is required/],
      [{ name: 'x'.repeat(201) }, 'name', /at most 200/],
      [{ name: 'Line\nbreak' }, 'name', /line breaks/],
      [{ email: '' }, 'email', /Enter an email address/],
      [{ email: 'no-at-sign.example.com' }, 'email', /needs an @/],
      [{ email: 'two@@example.com' }, 'email', /exactly one @/],
      [{ email: 'a@b@example.com' }, 'email', /exactly one @/],
      [{ email: 'user@exa_mple.com' }, 'email', /domain/],
      [{ email: 'user@localhost' }, 'email', /domain/],
      [{ email: 'user@-example.com' }, 'email', /domain/],
      [{ email: `${'a'.repeat(60)}@${'b'.repeat(190)}.com` }, 'email', /at most 254/],
      [{ email: "x'; DROP TABLE accounts;--@example.com" }, 'email', /spaces|cannot have/],
      [{ email: '<script>alert(1)</script>@example.com' }, 'email', /cannot have/],
      [{ productId: 0 }, 'productId', /Choose a product/],
      [{ birthDate: '1990-02-30' }, 'birthDate', /not a real date/],
      [{ birthDate: '17.5.1980' }, 'birthDate', /YYYY-MM-DD/],
    ];
    for (const [over, field, message] of cases) {
      const r = await env.t.call('office_staff', 'customers.register', registration(env, over));
      expect(r.ok, JSON.stringify(over)).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('invalid_input');
      const issue = r.error.fields?.find((f) => f.path === field);
      expect(issue?.message, JSON.stringify(over)).toMatch(message);
    }
    expect(snapshot(db())).toEqual(before);
  });

  it('stores script and SQL text in a name as inert text', async () => {
    env = await startCustomers();
    const name = `Robert'); DROP TABLE accounts;-- <script>alert("x")</script>`;
    const r = await registerOk(env, { name, email: "o'brien+tag@example.com" });
    const got = await env.t.must('customer_service', 'customers.get', { id: r.account.id });
    expect(got.name).toBe(name);
    expect(got.email).toBe("o'brien+tag@example.com");
    expect(count(db(), "SELECT count(*) AS n FROM sqlite_master WHERE name = 'accounts'")).toBe(1);
  });

  it('refuses a retired product and a notice that changed since the form opened', async () => {
    env = await startCustomers();
    const retired = await env.t.must('admin', 'products.create', { name: 'Old Phone' });
    await env.t.must('admin', 'products.update', { id: retired.id, name: 'Old Phone', active: false });
    const r1 = await env.t.call('office_staff', 'customers.register', registration(env, { productId: retired.id }));
    expect(r1.ok || r1.error.fields?.[0]?.path).toBe('productId');
    const r2 = await env.t.call('office_staff', 'customers.register', registration(env, { registrationNoticeVersion: 'v0' }));
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error.message).toMatch(/notice text has changed/);
    expect(count(db(), 'SELECT count(*) AS n FROM accounts')).toBe(0);
  });
});

describe('the neutral birth-date question (policy 6)', () => {
  it('refuses under 13 with a neutral message and keeps only an anonymous count', async () => {
    env = await startCustomers();
    // The clock is 2026-11-26: born 2013-11-27 is one day short of 13.
    const before = snapshot(db(), ['accounts', 'consent_events', 'mail_outbox', 'audit_log', 'suppression']);
    const r = await env.t.must('office_staff', 'customers.checkAge', { birthDate: '2013-11-27' });
    expect(r.allowed).toBe(false);
    if (r.allowed) return;
    expect(r.message).not.toMatch(/13|age|old|young|child|birth/i);
    expect(underAgeCount(db())).toBe(1);

    const reg = await env.t.must('office_staff', 'customers.register', registration(env, { birthDate: '2020-01-01', name: 'Kid Canary', email: 'kid.canary@example.com' }));
    expect(reg).toEqual({ outcome: 'refused', message: r.message });
    expect(underAgeCount(db())).toBe(2);
    // Nothing else was written: no account, no audit row, no date, no name.
    expect(snapshot(db(), ['accounts', 'consent_events', 'mail_outbox', 'audit_log', 'suppression'])).toEqual(before);
    const counts = db().prepare('SELECT * FROM anonymous_counts').all();
    expect(counts).toEqual([{ name: 'registration_refused_age', count: 2 }]);
  });

  it('accepts someone who turns 13 today', async () => {
    env = await startCustomers();
    expect(await env.t.must('office_staff', 'customers.checkAge', { birthDate: '2013-11-26' })).toEqual({ allowed: true });
    const r = await registerOk(env, { birthDate: '2013-11-26' });
    expect(r.account.status).toBe('active');
    expect(underAgeCount(db())).toBe(0);
    // The birth date itself is not kept anywhere.
    expect(JSON.stringify(snapshot(db()))).not.toContain('2013-11-26');
  });

  it('refuses a birth date in the future without counting it', async () => {
    env = await startCustomers();
    const r = await env.t.call('office_staff', 'customers.checkAge', { birthDate: '2030-01-01' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.fields?.[0]).toEqual({ path: 'birthDate', key: 'birth_date_future', params: {}, message: 'The date of birth cannot be in the future.' });
    expect(underAgeCount(db())).toBe(0);
  });
});

describe('suppression at registration', () => {
  it('gives a suppressed address no marketing unless the box is ticked now, and then lifts the suppression', async () => {
    env = await startCustomers();
    await env.t.must('office_staff', 'optouts.process', { email: 'returning@example.com', lists: ['email_marketing'], reason: 'email', requestedOn: '2026-11-01' });
    expect(count(db(), 'SELECT count(*) AS n FROM suppression WHERE lists & 4')).toBe(1);

    const noTick = await registerOk(env, { email: 'Returning@Example.com' });
    expect(noTick.account.lists.find((l) => l.list === 'email_marketing')?.subscribed).toBe(false);
    expect(count(db(), 'SELECT count(*) AS n FROM suppression WHERE lists & 4')).toBe(1);

    // Cancel and reopen with the box ticked: a new explicit consent supersedes the opt-out.
    await env.t.must('office_staff', 'optouts.process', { email: 'returning@example.com', lists: ['technical_advisories'], reason: 'phone', requestedOn: '2026-11-20', confirmCancellation: true });
    const reopened = await registerOk(env, { email: 'returning@example.com', marketingOptIn: true, reopenAccountId: noTick.account.id });
    expect(reopened.reopened).toBe(true);
    expect(reopened.account.lists.every((l) => l.subscribed)).toBe(true);
    expect(count(db(), 'SELECT count(*) AS n FROM suppression')).toBe(0);
  });
});

describe('cancelled accounts come back only through a new registration consent', () => {
  it('refuses a plain re-registration and reopens the same account when asked', async () => {
    env = await startCustomers();
    const first = await registerOk(env, { marketingOptIn: true });
    await env.t.must('office_staff', 'optouts.process', { email: first.account.email, lists: ['technical_advisories'], reason: 'email', requestedOn: '2026-11-25', confirmCancellation: true });

    const plain = await env.t.call('office_staff', 'customers.register', registration(env));
    expect(plain.ok).toBe(false);
    if (!plain.ok) expect(plain.error.message).toMatch(new RegExp(`account ${first.account.id}, which was cancelled`));

    const resub = await env.t.call('office_staff', 'customers.resubscribe', {
      accountId: first.account.id,
      list: 'call_detail_reports',
      method: 'phone',
      requestedOn: '2026-11-26',
      noticeVersion: env.notices.registration.version,
      confirmed: true,
    });
    expect(resub.ok).toBe(false);
    if (!resub.ok) expect(resub.error.message).toMatch(/only through a new registration/);

    env.clock.advance(60_000);
    const again = await registerOk(env, { reopenAccountId: first.account.id, name: 'Maija M.' });
    expect(again.account.id).toBe(first.account.id);
    expect(again.account.status).toBe('active');
    expect(again.account.name).toBe('Maija M.');
    const newest = again.account.history.slice(-2);
    expect(newest.every((e) => e.action === 'subscribe' && e.cause === 'account_reopened' && e.notice?.id === 'registration')).toBe(true);
    // Marketing stays off: it was not ticked this time.
    expect(again.account.lists.find((l) => l.list === 'email_marketing')?.subscribed).toBe(false);
    expect(count(db(), 'SELECT count(*) AS n FROM accounts')).toBe(1);
    expect(listStateMismatches(db())).toEqual([]);
  });
});

describe('re-subscribing', () => {
  it('needs a new explicit consent event with its notice', async () => {
    env = await startCustomers();
    const r = await registerOk(env);
    await env.t.must('office_staff', 'optouts.process', { email: r.account.email, lists: ['call_detail_reports'], reason: 'web_form', requestedOn: '2026-11-20' });

    const unconfirmed = await env.t.call('office_staff', 'customers.resubscribe', {
      accountId: r.account.id,
      list: 'call_detail_reports',
      method: 'phone',
      requestedOn: '2026-11-26',
      noticeVersion: env.notices.registration.version,
      confirmed: false as true,
    });
    expect(unconfirmed.ok).toBe(false);

    const technical = await env.t.call('office_staff', 'customers.resubscribe', {
      accountId: r.account.id,
      list: 'technical_advisories' as 'call_detail_reports',
      method: 'phone',
      requestedOn: '2026-11-26',
      noticeVersion: env.notices.registration.version,
      confirmed: true,
    });
    expect(technical.ok).toBe(false);

    const ok = await env.t.must('office_staff', 'customers.resubscribe', {
      accountId: r.account.id,
      list: 'call_detail_reports',
      method: 'phone',
      requestedOn: '2026-11-26',
      noticeVersion: env.notices.registration.version,
      confirmed: true,
    });
    const last = ok.history.at(-1)!;
    expect(last).toMatchObject({ list: 'call_detail_reports', action: 'subscribe', method: 'phone', notice: { id: 'registration', hash: env.notices.registration.hash } });
    expect(ok.lists.find((l) => l.list === 'call_detail_reports')?.subscribed).toBe(true);
    expect(count(db(), 'SELECT count(*) AS n FROM suppression WHERE lists & 2')).toBe(0);
  });
});

describe('accounts: search and view', () => {
  it('finds by email, name or id; every view writes an audit row; other roles are refused', async () => {
    env = await startCustomers();
    const a = await registerOk(env);
    await registerOk(env, { name: 'Pekka Virtanen', email: 'pekka@example.fi' });

    for (const query of ['maija.meikalainen@example.com', 'MAIJA.MEIK', 'meikäl', String(a.account.id), `#${a.account.id}`]) {
      const hits = await env.t.must('customer_service', 'customers.search', { query });
      expect(hits.map((h) => h.id), query).toContain(a.account.id);
      expect(hits.some((h) => h.email === 'pekka@example.fi'), query).toBe(false);
    }
    const searchAudit = db().prepare("SELECT details FROM audit_log WHERE action = 'read.account_search'").pluck().all() as string[];
    expect(searchAudit).toHaveLength(5);
    expect(searchAudit.join()).not.toMatch(/maija|meik/i);

    for (const role of ['customer_service', 'office_staff', 'manager'] as const) {
      const before = count(db(), "SELECT count(*) AS n FROM audit_log WHERE action = 'read.account' AND subject_id = ?", String(a.account.id));
      const view = await env.t.must(role, 'customers.get', { id: a.account.id });
      expect(view.history.length).toBe(2);
      expect(count(db(), "SELECT count(*) AS n FROM audit_log WHERE action = 'read.account' AND subject_id = ?", String(a.account.id))).toBe(before + 1);
    }
    for (const role of ['admin', 'booth_staff', 'billing_clerk'] as const) {
      const r = await env.t.call(role, 'customers.get', { id: a.account.id });
      expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
      const s = await env.t.call(role, 'customers.search', { query: 'maija' });
      expect(s.ok ? 'ok' : s.error.code).toBe('forbidden');
    }
    const missing = await env.t.call('manager', 'customers.get', { id: 99999 });
    expect(missing.ok ? 'ok' : missing.error.code).toBe('not_found');
  });

  it('lets only admins manage products', async () => {
    env = await startCustomers();
    const r = await env.t.call('office_staff', 'products.create', { name: 'Sneaky' });
    expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
    const dup = await env.t.call('admin', 'products.create', { name: 'ixo call pro' });
    expect(dup.ok ? 'ok' : dup.error.code).toBe('conflict');
    const list = await env.t.must('office_staff', 'products.list', {});
    expect(list.map((p) => p.name)).toEqual(['IXO Call Pro']);
  });
});
