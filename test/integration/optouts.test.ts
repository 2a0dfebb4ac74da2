import { afterEach, describe, expect, it } from 'vitest';
import { deriveListStates, listStateMismatches } from '../../src/main/accounts/consent-repo';
import { emailHasher, SUPPRESSION_KEY_ACCOUNT, suppressionFilter } from '../../src/main/accounts/suppression';
import { ALL_LISTS_MASK, LIST_BIT } from '../../src/shared/customers-lists';
import { memoryVault } from '../../src/main/keychain/vault';
import { startCore, TEST_PASSWORD } from '../support/core';
import { count, registerOk, snapshot, startCustomers, type CustomersEnv } from './customers-helpers';

let env: CustomersEnv | undefined;
afterEach(async () => {
  await env?.t.close();
  env = undefined;
});

const db = () => env!.t.core.stores!.customers;

async function keyHex(): Promise<string> {
  const k = await env!.t.vault.get(SUPPRESSION_KEY_ACCOUNT);
  if (!k) throw new Error('no suppression key');
  return k;
}

describe('opt-out processing', () => {
  it('finds the person by email and leaves one list with reason and request date', async () => {
    env = await startCustomers();
    const r = await registerOk(env, { marketingOptIn: true });
    const found = await env.t.must('office_staff', 'optouts.find', { email: ' MAIJA.Meikalainen@example.com' });
    expect(found.account?.id).toBe(r.account.id);
    expect(found.account?.lists.every((l) => l.subscribed)).toBe(true);
    expect(found.suppressed).toEqual([]);
    expect(count(db(), "SELECT count(*) AS n FROM audit_log WHERE action = 'read.account' AND subject_id = ?", String(r.account.id))).toBe(1);

    const out = await env.t.must('office_staff', 'optouts.process', { email: r.account.email, lists: ['email_marketing'], reason: 'bounce', requestedOn: '2026-11-24' });
    expect(out).toEqual({ accountId: r.account.id, cancelled: false, unsubscribed: ['email_marketing'], alreadyUnsubscribed: [], suppressed: ['email_marketing'] });
    const view = await env.t.must('office_staff', 'customers.get', { id: r.account.id });
    expect(view.status).toBe('active');
    expect(view.lists.find((l) => l.list === 'email_marketing')?.subscribed).toBe(false);
    const last = view.history.at(-1)!;
    expect(last).toMatchObject({ list: 'email_marketing', action: 'unsubscribe', method: 'bounce', reason: 'bounce', requestedOn: '2026-11-24', device: 'test-laptop', cause: 'direct' });
    expect(last.staff?.name).toBe('Test office_staff');
    expect(deriveListStates(db(), r.account.id)).toEqual({ technical_advisories: true, call_detail_reports: true, email_marketing: false });

    // Again: nothing left to change, so nothing is written.
    const before = snapshot(db());
    const again = await env.t.must('office_staff', 'optouts.process', { email: r.account.email, lists: ['email_marketing'], reason: 'email', requestedOn: '2026-11-25' });
    expect(again).toMatchObject({ unsubscribed: [], alreadyUnsubscribed: ['email_marketing'], suppressed: [] });
    expect(snapshot(db())).toEqual(before);
  });

  it('asks for explicit confirmation before leaving technical advisories cancels the account', async () => {
    env = await startCustomers();
    const r = await registerOk(env);
    const before = snapshot(db());
    const unconfirmed = await env.t.call('office_staff', 'optouts.process', { email: r.account.email, lists: ['technical_advisories'], reason: 'email', requestedOn: '2026-11-26' });
    expect(unconfirmed.ok).toBe(false);
    if (!unconfirmed.ok) {
      expect(unconfirmed.error.message).toMatch(new RegExp(`cancels account ${r.account.id}`));
      expect(unconfirmed.error.fields?.[0]?.path).toBe('confirmCancellation');
    }
    expect(snapshot(db())).toEqual(before);
  });

  it('cancels in one transaction: all three lists, the account with reason and time, withdrawal events, suppression, audit', async () => {
    env = await startCustomers();
    const r = await registerOk(env, { marketingOptIn: true });
    env.clock.advance(90_000);
    const out = await env.t.must('office_staff', 'optouts.process', {
      email: r.account.email,
      lists: ['technical_advisories'],
      reason: 'other',
      note: 'Moved to a competitor',
      requestedOn: '2026-11-25',
      confirmCancellation: true,
    });
    expect(out.cancelled).toBe(true);
    expect(out.unsubscribed.sort()).toEqual(['call_detail_reports', 'email_marketing', 'technical_advisories']);
    const view = await env.t.must('manager', 'customers.get', { id: r.account.id });
    expect(view.status).toBe('cancelled');
    expect(view.cancelReason).toBe('other');
    expect(view.cancelNote).toBe('Moved to a competitor');
    expect(view.cancelledAt).toBe(env.clock.now().toISOString());
    expect(view.lists.every((l) => !l.subscribed)).toBe(true);
    const withdrawals = view.history.filter((e) => e.action === 'unsubscribe');
    expect(withdrawals).toHaveLength(3);
    expect(withdrawals.find((e) => e.list === 'technical_advisories')?.cause).toBe('direct');
    expect(withdrawals.filter((e) => e.cause === 'account_cancelled').map((e) => e.list).sort()).toEqual(['call_detail_reports', 'email_marketing']);
    expect(db().prepare('SELECT lists FROM suppression').pluck().all()).toEqual([ALL_LISTS_MASK]);
    const audit = db().prepare("SELECT subject_id, details FROM audit_log WHERE action = 'customers.cancel'").all() as { subject_id: string; details: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.subject_id).toBe(String(r.account.id));
    expect(listStateMismatches(db())).toEqual([]);
  });

  // Failure injection: a trigger on the core's own connection aborts the transaction at a chosen
  // point of the cancellation. Whatever was written before that point must be rolled back.
  const FAILURE_POINTS: [string, string][] = [
    ['after the first withdrawal event', `CREATE TEMP TRIGGER inject AFTER INSERT ON main.consent_events WHEN NEW.action = 'unsubscribe' AND (SELECT count(*) FROM main.consent_events WHERE action = 'unsubscribe') >= 2 BEGIN SELECT RAISE(ABORT, 'injected failure'); END`],
    ['when the account is cancelled', `CREATE TEMP TRIGGER inject BEFORE UPDATE OF status ON main.account_state BEGIN SELECT RAISE(ABORT, 'injected failure'); END`],
    ['while adding the suppression', `CREATE TEMP TRIGGER inject AFTER INSERT ON main.suppression BEGIN SELECT RAISE(ABORT, 'injected failure'); END`],
    ['at the audit row, the last step', `CREATE TEMP TRIGGER inject BEFORE INSERT ON main.audit_log WHEN NEW.action = 'customers.cancel' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`],
  ];
  for (const [where, trigger] of FAILURE_POINTS) {
    it(`changes nothing when the cancellation fails ${where}`, async () => {
      env = await startCustomers();
      const r = await registerOk(env, { marketingOptIn: true });
      const before = snapshot(db());
      db().exec(trigger);
      const res = await env.t.call('office_staff', 'optouts.process', {
        email: r.account.email,
        lists: ['technical_advisories'],
        reason: 'phone',
        requestedOn: '2026-11-26',
        confirmCancellation: true,
      });
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error.code).toBe('internal');
      db().exec('DROP TRIGGER temp.inject');
      expect(snapshot(db())).toEqual(before);
      const view = await env.t.must('office_staff', 'customers.get', { id: r.account.id });
      expect(view.status).toBe('active');
      expect(view.lists.every((l) => l.subscribed)).toBe(true);

      // The same request succeeds once the fault is gone: the failure left nothing half-done.
      const ok = await env.t.must('office_staff', 'optouts.process', { email: r.account.email, lists: ['technical_advisories'], reason: 'phone', requestedOn: '2026-11-26', confirmCancellation: true });
      expect(ok.cancelled).toBe(true);
    });
  }

  it('puts an opt-out for an unknown email on the suppression list, as a keyed hash only', async () => {
    env = await startCustomers();
    const out = await env.t.must('office_staff', 'optouts.process', { email: 'Stranger@Example.org', lists: ['email_marketing', 'call_detail_reports'], reason: 'web_form', requestedOn: '2026-11-26' });
    expect(out).toEqual({ accountId: null, cancelled: false, unsubscribed: [], alreadyUnsubscribed: [], suppressed: ['call_detail_reports', 'email_marketing'] });
    const rows = db().prepare('SELECT * FROM suppression').all() as { email_hmac: Buffer; lists: number }[];
    expect(rows.map((r) => r.lists)).toEqual([LIST_BIT.call_detail_reports | LIST_BIT.email_marketing]);
    const expected = emailHasher(await keyHex())('stranger@example.org');
    expect(rows.every((r) => Buffer.compare(r.email_hmac, expected) === 0)).toBe(true);
    // No address in clear anywhere in the customer tables.
    expect(JSON.stringify(snapshot(db()))).not.toMatch(/stranger/i);
    const found = await env.t.must('office_staff', 'optouts.find', { email: 'stranger@example.org' });
    expect(found).toEqual({ email: 'stranger@example.org', account: null, suppressed: ['call_detail_reports', 'email_marketing'] });
    // The filter later marketing exports use.
    const suppressed = suppressionFilter(db(), await keyHex(), 'email_marketing');
    expect(suppressed(' STRANGER@example.org')).toBe(true);
    expect(suppressed('friend@example.org')).toBe(false);
  });

  it('keeps the HMAC key in the keychain and refuses to work on with a different one', async () => {
    const vault = memoryVault();
    env = await startCustomers({ vault });
    await env.t.must('office_staff', 'optouts.process', { email: 'a@example.com', lists: ['email_marketing'], reason: 'email', requestedOn: '2026-11-26' });
    const key = vault.entries.get(SUPPRESSION_KEY_ACCOUNT);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const dataDir = env.t.dataDir;
    await env.t.close();

    // The keychain entry is replaced (e.g. restored from another machine): opt-outs would stop
    // matching, so the app refuses instead of starting a new key.
    vault.entries.set(SUPPRESSION_KEY_ACCOUNT, 'ab'.repeat(32));
    const t2 = await startCore({ dataDir, vault, mail: { pump: 'manual' } });
    await t2.must('office_staff', 'auth.signIn', { username: 'office-staff', password: TEST_PASSWORD });
    const r = await t2.call('office_staff', 'optouts.process', { email: 'b@example.com', lists: ['email_marketing'], reason: 'email', requestedOn: '2026-11-26' });
    expect(r.ok ? 'ok' : r.error.code).toBe('store_unavailable');
    expect(r.ok ? '' : r.error.message).toMatch(/suppression list key/);
    vault.entries.delete(SUPPRESSION_KEY_ACCOUNT);
    const r2 = await t2.call('office_staff', 'optouts.find', { email: 'b@example.com' });
    expect(r2.ok ? 'ok' : r2.error.message).toMatch(/missing from the system keychain/);
    expect(vault.entries.has(SUPPRESSION_KEY_ACCOUNT)).toBe(false);
    await t2.close();
    env = undefined;
  });

  it('refuses bad input with a clear error and writes nothing', async () => {
    env = await startCustomers();
    await registerOk(env);
    const before = snapshot(db());
    const base = { email: 'maija.meikalainen@example.com', lists: ['email_marketing' as const], reason: 'email' as const, requestedOn: '2026-11-26' };
    const bad: [Record<string, unknown>, string][] = [
      [{ email: 'not an email' }, 'email'],
      [{ lists: [] }, 'lists'],
      [{ lists: ['email_marketing', 'email_marketing'] }, 'lists'],
      [{ lists: ['newsletter'] }, 'lists.0'],
      [{ reason: 'whim' }, 'reason'],
      [{ reason: 'other' }, 'note'],
      [{ requestedOn: '2026-12-01' }, 'requestedOn'],
      [{ requestedOn: 'yesterday' }, 'requestedOn'],
      [{ note: 'x'.repeat(501) }, 'note'],
    ];
    for (const [over, path] of bad) {
      const r = await env.t.call('office_staff', 'optouts.process', { ...base, ...over } as never);
      expect(r.ok, JSON.stringify(over)).toBe(false);
      if (!r.ok) expect(r.error.fields?.map((f) => f.path), JSON.stringify(over)).toContain(path);
    }
    for (const role of ['customer_service', 'manager', 'admin', 'booth_staff'] as const) {
      const r = await env.t.call(role, 'optouts.process', base);
      expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
    }
    expect(snapshot(db())).toEqual(before);
  });
});
