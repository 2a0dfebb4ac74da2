import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listStateMismatches } from '../../src/main/accounts/consent-repo';
import { parseJobResult } from '../../src/shared/contract';
import { JOB_STEPS, type JobStatus } from '../../src/shared/contract/jobs';
import type { ImportPreview, ImportReport } from '../../src/shared/contract/optouts';
import { importHistory } from '../../src/main/optouts/import-history';
import { importApplyJob, type ImportJobParams } from '../../src/main/optouts/import-job';
import { emailHasher, SUPPRESSION_KEY_ACCOUNT, suppressionMask } from '../../src/main/accounts/suppression';
import { LIST_BIT } from '../../src/shared/customers-lists';
import { CARD_NUMBER_MESSAGE } from '../../src/shared/card';
import { count, registerOk, snapshot, startCustomers, type CustomersEnv } from './customers-helpers';
import { LIMITS, type SuppressionPayload } from '../../src/shared/sync/protocol';
import { PendingSuppression } from '../../src/main/sync/suppression-pending';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { readingSharedOnce, setDeviceNumber, shareExistingAccounts } from '../../src/main/replica/accounts';

let env: CustomersEnv | undefined;
afterEach(async () => {
  await env?.t.close();
  env = undefined;
});

const db = () => env!.t.core.stores!.customers;
const DATA_TABLES = ['accounts', 'account_state', 'consent_events', 'suppression', 'mail_outbox'] as const;

/** The opt-outs queued for the hub: the outbox rows' payloads, how many changes they hold, and the lists per hash (hex) over all of them. */
function queued(d: Database) {
  const payloads = (d.prepare("SELECT payload FROM sync_outbox WHERE kind = 'suppression' ORDER BY created_at, id").pluck().all() as string[]).map((p) => JSON.parse(p) as SuppressionPayload);
  const lists = new Map<string, number>();
  let changes = 0;
  for (const p of payloads) {
    for (const [h, l] of 'changes' in p ? p.changes : [[p.emailHmac, p.lists] as const]) {
      lists.set(h, (lists.get(h) ?? 0) | l);
      changes++;
    }
  }
  return { payloads, changes, lists };
}

/** The suppression list: lists per hash (hex). */
const suppressionList = (d: Database) => new Map((d.prepare('SELECT lower(hex(email_hmac)) AS h, lists FROM suppression').all() as { h: string; lists: number }[]).map((r) => [r.h, r.lists]));

/** Polls jobs.get like the renderer does, until the job leaves 'running'. */
async function finish(status: JobStatus): Promise<JobStatus> {
  let s = status;
  const seen: number[] = [];
  const messages = [s.message];
  const deadline = Date.now() + 60_000;
  while (s.state === 'running') {
    if (Date.now() > deadline) throw new Error('job did not finish');
    await new Promise((r) => setTimeout(r, 20));
    s = await env!.t.must('office_staff', 'jobs.get', { id: s.id });
    seen.push(s.progress);
    messages.push(s.message);
  }
  for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]!);
  // Progress travels as a step key with its numbers, never as words: the renderer words it.
  for (const m of messages) {
    expect(JOB_STEPS).toContain(m.key);
    for (const v of Object.values(m.params)) expect(typeof v).toBe('number');
  }
  expect(s.message.key).toBe(s.state === 'done' ? 'finished' : s.state);
  return s;
}

async function preview(content: string, fileName = 'optouts.csv'): Promise<ImportPreview> {
  const s = await finish(await env!.t.must('office_staff', 'optouts.previewImport', { fileName, content }));
  if (s.state !== 'done') throw new Error(`preview ${s.state}: ${s.error}`);
  return parseJobResult('optouts.importPreview', s.result);
}

async function apply(content: string, fileName = 'optouts.csv'): Promise<ImportReport> {
  const s = await finish(await env!.t.must('office_staff', 'optouts.applyImport', { fileName, content }));
  if (s.state !== 'done') throw new Error(`apply ${s.state}: ${s.error}`);
  return parseJobResult('optouts.importApply', s.result);
}

async function seedAccounts() {
  const e = env!;
  const anna = await registerOk(e, { name: 'Anna', email: 'anna@example.com', marketingOptIn: true });
  const bert = await registerOk(e, { name: 'Bert', email: 'bert@example.com', marketingOptIn: true });
  const cleo = await registerOk(e, { name: 'Cleo', email: 'cleo@example.com' });
  const dan = await registerOk(e, { name: 'Dan', email: 'dan@example.com' });
  return { anna: anna.account.id, bert: bert.account.id, cleo: cleo.account.id, dan: dan.account.id };
}

const FILE = [
  'email,list,reason,date',
  'Anna@Example.com,email_marketing,email,2026-11-20', // matched: leaves marketing
  'bert@example.com,technical_advisories,phone,2026-11-21', // matched: cancels the account
  'cleo@example.com,email_marketing,bounce,2026-11-22', // matched, not on the list: suppression only
  'nobody@example.net,all,web_form,2026-11-23', // unknown: suppressed on all three lists
  'dan@example.com,call_detail_reports,other,2026-11-24', // matched: leaves call detail reports
  'anna@example.com,email_marketing,email,2026-11-20', // repeated in the file: no change
  '=cmd|"/c calc"!A1,all,email,2026-11-20', // formula
  'eve@example.com,+all,email,2026-11-20', // formula
  'eve@example.com,all,-email,2026-11-20', // formula
  '@eve@example.com,all,email,2026-11-20', // formula
  'not an email,all,email,2026-11-20', // malformed
  'eve@example.com,newsletter,email,2026-11-20', // unknown list
  'eve@example.com,all,email,2026-13-01', // not a date
  'eve@example.com,all,email,2030-01-01', // future
  ',all,email,2026-11-20', // empty
  '"<script>alert(1)</script>@x.com",all,email,2026-11-20', // script text
  "'; DELETE FROM accounts; --,all,email,2026-11-20", // SQL text
].join('\r\n');

describe('bulk opt-out import', () => {
  it('previews matched, unknown, invalid and cancelling rows, and writes nothing but the read audit row', async () => {
    env = await startCustomers();
    const ids = await seedAccounts();
    const before = snapshot(db(), DATA_TABLES);
    const p = await preview(FILE);
    expect(p.totalRows).toBe(17);
    expect(p.matched.count).toBe(5);
    expect(p.matched.rows.map((r) => [r.line, r.accountId, r.effect])).toEqual([
      [2, ids.anna, 'unsubscribe'],
      [3, ids.bert, 'cancel_account'],
      [4, ids.cleo, 'suppress'],
      [6, ids.dan, 'unsubscribe'],
      [7, ids.anna, 'no_change'],
    ]);
    expect(p.unknown).toEqual({ count: 1, rows: [expect.objectContaining({ line: 5, email: 'nobody@example.net', accountId: null, effect: 'suppress' })] });
    expect(p.cancellations.rows.map((r) => r.accountId)).toEqual([ids.bert]);
    expect(p.unchanged).toBe(1);
    expect(p.invalid.count).toBe(11);
    const reasons = Object.fromEntries(p.invalid.rows.map((r) => [r.line, r.reason]));
    expect(reasons[8]).toMatch(/email cell starts with "="/);
    expect(reasons[9]).toMatch(/list cell starts with "\+"/);
    expect(reasons[10]).toMatch(/reason cell starts with "-"/);
    expect(reasons[11]).toMatch(/email cell starts with "@"/);
    expect(reasons[12]).toMatch(/^Email: /);
    expect(reasons[13]).toMatch(/Unknown list/);
    expect(reasons[14]).toMatch(/not a date/);
    expect(reasons[15]).toMatch(/future/);
    expect(reasons[16]).toMatch(/empty/);
    expect(reasons[17]).toMatch(/^Email: /);
    expect(reasons[18]).toMatch(/^Email: /);

    expect(snapshot(db(), DATA_TABLES)).toEqual(before);
    const audit = db().prepare("SELECT details FROM audit_log WHERE action = 'read.import_preview'").pluck().all() as string[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!)).toMatchObject({ rows: 17, matched: 5, unknown: 1, cancellations: 1, invalid: 11 });
  });

  it('applies in the background with a final report; applying the same file again changes nothing', async () => {
    env = await startCustomers();
    const ids = await seedAccounts();
    const p = await preview(FILE);
    const report = await apply(FILE);
    expect(report).toMatchObject({
      totalRows: 17,
      changedRows: 5,
      unchangedRows: 1,
      cancelledAccounts: 1,
      // anna marketing, bert all three, dan call detail reports
      unsubscribeEvents: 5,
      invalid: { count: 11 },
    });
    // What the preview said is what happened.
    expect(report.changedRows).toBe(p.matched.count + p.unknown.count - p.unchanged);
    expect(report.cancelledAccounts).toBe(p.cancellations.count);

    const lists = (id: number) => db().prepare('SELECT lists FROM account_state WHERE account_id = ?').pluck().get(id);
    expect(lists(ids.anna)).toBe(LIST_BIT.technical_advisories | LIST_BIT.call_detail_reports);
    expect(lists(ids.bert)).toBe(0);
    expect(lists(ids.dan)).toBe(LIST_BIT.technical_advisories);
    const bert = await env.t.must('office_staff', 'customers.get', { id: ids.bert });
    expect(bert).toMatchObject({ status: 'cancelled', cancelReason: 'phone' });
    expect(bert.history.filter((e) => e.action === 'unsubscribe').every((e) => e.importId === report.importId && e.requestedOn === '2026-11-21' && e.method === 'phone')).toBe(true);
    // anna, bert, cleo, nobody, dan
    expect(count(db(), 'SELECT count(*) AS n FROM suppression')).toBe(5);
    expect(report.suppressionAdded).toBe(5);
    expect(count(db(), "SELECT count(*) AS n FROM audit_log WHERE action = 'customers.cancel' AND subject_id = ?", String(ids.bert))).toBe(1);
    expect(listStateMismatches(db())).toEqual([]);
    // The five opt-outs wait for the hub in one batch row (the apply's suppression step), nothing else.
    const q = queued(db());
    expect(q.payloads).toEqual([{ at: env.clock.now().toISOString(), changes: expect.any(Array) }]);
    expect(q.changes).toBe(5);
    expect(q.lists).toEqual(suppressionList(db()));

    const before = snapshot(db(), [...DATA_TABLES, 'sync_outbox']);
    const again = await apply(FILE);
    expect(again).toMatchObject({ changedRows: 0, unchangedRows: 6, unsubscribeEvents: 0, cancelledAccounts: 0, suppressionAdded: 0 });
    expect(snapshot(db(), [...DATA_TABLES, 'sync_outbox'])).toEqual(before);
    const secondPreview = await preview(FILE);
    expect(secondPreview.unchanged).toBe(6);
    expect(secondPreview.cancellations.count).toBe(0);
  });

  it('on a device that shares its accounts, queues every withdrawal and the cancellation for the hub', async () => {
    env = await startCustomers();
    const ids = await seedAccounts();
    setDeviceNumber(db(), 1);
    expect(shareExistingAccounts(db(), env.clock.now())).toBe(true);
    expect(() => readingSharedOnce(db(), () => true)).toThrow(/transaction/);
    await preview(FILE);
    const report = await apply(FILE);
    expect(report.unsubscribeEvents).toBe(5);
    const records = (table: string) =>
      db()
        .prepare("SELECT json_extract(payload, '$.recordId') AS id, payload FROM sync_outbox WHERE kind = 'record' AND json_extract(payload, '$.table') = ?")
        .all(table) as { id: string; payload: string }[];
    const events = db().prepare('SELECT gid FROM consent_events WHERE import_id = ?').pluck().all(report.importId) as (string | null)[];
    expect(events).toHaveLength(5);
    expect(events.every((g) => g !== null)).toBe(true);
    const shared = new Set(records('consent').map((r) => r.id));
    for (const gid of events) expect(shared.has(gid!)).toBe(true);
    const bertGid = db().prepare('SELECT gid FROM accounts WHERE id = ?').pluck().get(ids.bert) as string;
    const cancellations = records('accounts').filter((r) => r.id === bertGid && (JSON.parse(r.payload) as { fields: { cancellation?: { value: unknown } } }).fields.cancellation?.value);
    expect(cancellations.map((r) => (JSON.parse(r.payload) as { fields: { cancellation: { value: unknown } } }).fields.cancellation.value)).toEqual([expect.objectContaining({ reason: 'phone' })]);
  });

  it('applies a previewed file against what changed since the preview', async () => {
    env = await startCustomers();
    const ids = await seedAccounts();
    await preview(FILE);
    // Since the preview: Bert cancelled on the opt-out screen, and the unknown address registered.
    await env.t.must('office_staff', 'optouts.process', { email: 'bert@example.com', lists: ['technical_advisories'], reason: 'email', requestedOn: '2026-11-25', confirmCancellation: true });
    const newcomer = await registerOk(env, { name: 'Nobody', email: 'nobody@example.net', marketingOptIn: true });

    const report = await apply(FILE);
    // The newcomer's row asks for all three lists, which cancels the new account; Bert had nothing left to leave.
    // Anna marketing, the newcomer's three lists, Dan call detail reports.
    expect(report).toMatchObject({ cancelledAccounts: 1, unsubscribeEvents: 1 + 3 + 1 });
    const bert = await env.t.must('office_staff', 'customers.get', { id: ids.bert });
    expect(bert.history.filter((e) => e.action === 'unsubscribe').map((e) => e.importId)).toEqual([null, null, null]);
    const after = await env.t.must('office_staff', 'customers.get', { id: newcomer.account.id });
    expect(after).toMatchObject({ status: 'cancelled', cancelReason: 'web_form' });
    expect(after.history.filter((e) => e.action === 'unsubscribe').every((e) => e.importId === report.importId)).toBe(true);
    expect(listStateMismatches(db())).toEqual([]);

    // Asked to leave technical advisories only, by an address that registered after the preview: the
    // suppression step went by the preview (no account: that list only); the account step finds the
    // account, cancels it, and suppresses the other two lists as well.
    const late = 'email,list,reason,date\nlate@example.org,technical_advisories,email,2026-11-20';
    await preview(late, 'late.csv');
    const lateAccount = await registerOk(env, { name: 'Late', email: 'late@example.org' });
    expect(await apply(late, 'late.csv')).toMatchObject({ cancelledAccounts: 1, suppressionAdded: 1 });
    expect(await env.t.must('office_staff', 'customers.get', { id: lateAccount.account.id })).toMatchObject({ status: 'cancelled' });
    const keyHex = (await env.t.vault.get(SUPPRESSION_KEY_ACCOUNT))!;
    expect(suppressionMask(db(), emailHasher(keyHex)('late@example.org'))).toBe(LIST_BIT.technical_advisories | LIST_BIT.call_detail_reports | LIST_BIT.email_marketing);
  });

  it('an import stopped after its first batch leaves no account unsubscribed without its suppression, and applying again finishes it', async () => {
    env = await startCustomers();
    const ids = await seedAccounts();
    const db_ = db();
    await preview(FILE); // creates the suppression key
    const keyHex = (await env.t.vault.get(SUPPRESSION_KEY_ACCOUNT))!;
    const hash = emailHasher(keyHex);
    const staff = db_.prepare("SELECT id AS staffId, display_name AS displayName FROM staff WHERE role = 'office_staff'").get() as { staffId: number; displayName: string };
    const params: ImportJobParams = { fileName: 'optouts.csv', content: new TextEncoder().encode(FILE), keyHex, at: env.clock.now().toISOString(), today: env.clock.now().toISOString().slice(0, 10), device: 'test-laptop' };
    // The job body as the worker runs it, on this connection, cancelled at its first chance: after one committed batch.
    const stopped = importApplyJob({
      jobId: 'stopped-task',
      params,
      actor: staff,
      open: () => db_,
      progress: () => undefined,
      checkCancelled: () => undefined,
      yieldToMessages: () => Promise.reject(new Error('cancelled')),
      writeTurn: async (write) => write(),
    });
    await expect(stopped).rejects.toThrow('cancelled');

    // Every list an account has left through the import is on the suppression list for its address.
    const unsuppressedWithdrawals = () =>
      (db_.prepare("SELECT a.email_norm AS email, e.list FROM consent_events e JOIN accounts a ON a.id = e.account_id WHERE e.action = 'unsubscribe' AND e.import_id IS NOT NULL").all() as { email: string; list: keyof typeof LIST_BIT }[]).filter(
        (w) => (suppressionMask(db_, hash(w.email)) & LIST_BIT[w.list]) === 0,
      );
    expect(unsuppressedWithdrawals()).toEqual([]);
    expect(suppressionMask(db_, hash('nobody@example.net'))).toBe(LIST_BIT.technical_advisories | LIST_BIT.call_detail_reports | LIST_BIT.email_marketing);
    // Every opt-out the stopped import added is queued for the hub with it.
    expect(queued(db_).lists).toEqual(suppressionList(db_));

    // The import screen lists it as stopped, to be finished by applying the file again.
    const [first] = await env.t.must('office_staff', 'optouts.imports', {});
    expect(first).toMatchObject({ fileName: 'optouts.csv', state: 'stopped', finishedAt: null, counts: null, totalRows: 17 });
    // While its task runs, the same row is shown as running.
    expect(importHistory(db_, (jobId) => jobId === 'stopped-task')[0]!.state).toBe('running');

    const report = await apply(FILE);
    expect(report).toMatchObject({ cancelledAccounts: 1, unsubscribeEvents: 1 + 3 + 1, suppressionAdded: 0 });
    const history = await env.t.must('office_staff', 'optouts.imports', {});
    expect(history.map((h) => [h.importId, h.state])).toEqual([
      [report.importId, 'finished'],
      [first!.importId, 'resumed'],
    ]);
    expect(history[0]!.counts).toEqual({ changedRows: 3, unchangedRows: 3, unsubscribeEvents: 5, cancelledAccounts: 1, suppressionAdded: 0 });
    expect(await env.t.must('office_staff', 'customers.get', { id: ids.bert })).toMatchObject({ status: 'cancelled' });
    expect(unsuppressedWithdrawals()).toEqual([]);
    expect(listStateMismatches(db_)).toEqual([]);
    // Finishing it queued none of them again.
    const q = queued(db_);
    expect(q.lists).toEqual(suppressionList(db_));
    expect(q.changes).toBe(q.lists.size);
  });

  it('refuses a file in a wrong encoding at once and writes nothing', async () => {
    env = await startCustomers();
    await seedAccounts();
    const before = snapshot(db());
    // What a Latin-1 file looks like after a lenient decode: replacement characters.
    const latin1 = new TextDecoder('utf-8').decode(Buffer.from('email,list,reason,date\nj\xf6rg@example.de,all,email,2026-11-01\n', 'latin1'));
    const r = await env.t.call('office_staff', 'optouts.applyImport', { fileName: 'latin1.csv', content: latin1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/not valid UTF-8/);
    const lone = await env.t.call('office_staff', 'optouts.previewImport', { fileName: 'x.csv', content: 'email,list,reason,date\n\ud800@x.com,all,email,2026-11-01' });
    expect(lone.ok).toBe(false);
    expect(snapshot(db())).toEqual(before);
  });

  it('fails the whole file for a missing header or broken quoting, before writing anything', async () => {
    env = await startCustomers();
    await seedAccounts();
    const before = snapshot(db(), DATA_TABLES);
    for (const [content, message] of [
      ['anna@example.com,all,email,2026-11-01\n', /header/],
      ['email,list,reason,date\nanna@example.com,all,email,2026-11-01\n"unclosed,all,email,2026-11-01\n', /never closed/],
    ] as const) {
      const s = await finish(await env.t.must('office_staff', 'optouts.applyImport', { fileName: 'bad.csv', content }));
      expect(s.state).toBe('failed');
      expect(s.error).toMatch(message);
      expect(s.error).toMatch(/Nothing was imported/);
    }
    expect(snapshot(db(), DATA_TABLES)).toEqual(before);
    expect(count(db(), 'SELECT count(*) AS n FROM optout_imports')).toBe(0);
  });

  it('refuses a file holding a card number, in its background job, with the card-number error, and writes nothing', async () => {
    env = await startCustomers();
    await seedAccounts();
    const before = snapshot(db(), DATA_TABLES);
    const auditBefore = count(db(), 'SELECT count(*) AS n FROM audit_log');
    for (const [channel, card] of [
      ['optouts.previewImport', '4111 1111 1111 1111'],
      ['optouts.applyImport', '４１１１.１１１１.１１１１.１１１１'],
    ] as const) {
      const content = `email,list,reason,date\nanna@example.com,all,email,2026-11-01\n"paid with ${card}",all,email,2026-11-01\n`;
      // The file is checked in the worker, not on the main thread: the call starts a job and the job fails.
      const s = await finish(await env.t.must('office_staff', channel, { fileName: 'cards.csv', content }));
      expect(s.state, `${channel} ${card}`).toBe('failed');
      expect(s.error).toBe(CARD_NUMBER_MESSAGE);
      // Named by key too, so the screen can say it in the staff member's language.
      expect(s.problem).toMatchObject({ code: 'invalid_input', key: 'input.card_number' });
    }
    expect(snapshot(db(), DATA_TABLES)).toEqual(before);
    expect(count(db(), 'SELECT count(*) AS n FROM optout_imports')).toBe(0);
    expect(count(db(), 'SELECT count(*) AS n FROM audit_log')).toBe(auditBefore);
    // The file name is a form field: dispatch still refuses a card number there before any job starts.
    const named = await env.t.call('office_staff', 'optouts.applyImport', { fileName: 'card 4111111111111111.csv', content: FILE });
    expect(named.ok).toBe(false);
    if (!named.ok) expect(named.error.fields).toEqual([expect.objectContaining({ path: 'fileName', message: CARD_NUMBER_MESSAGE })]);
    expect(snapshot(db(), DATA_TABLES)).toEqual(before);
  });

  it('is for office staff only', async () => {
    env = await startCustomers();
    for (const role of ['customer_service', 'manager', 'admin', 'booth_staff', 'billing_clerk'] as const) {
      const r = await env.t.call(role, 'optouts.previewImport', { fileName: 'f.csv', content: FILE });
      expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
    }
    const empty = await env.t.call('office_staff', 'optouts.previewImport', { fileName: 'f.csv', content: '' });
    expect(empty.ok ? 'ok' : empty.error.message).toBe('The file is empty.');
  });

  it('leaves the copy of its writes into the database file to the checkpoint worker, after it has answered', async () => {
    env = await startCustomers();
    const file = path.join(env.t.dataDir, 'customers.db');
    const pragma = vi.spyOn(db(), 'pragma');
    const before = fs.statSync(file).size;
    const rows = ['email,list,reason,date'];
    for (let i = 1; i <= 5_000; i++) rows.push(`stranger${i}@example.net,all,email,2026-11-01`);
    expect(await apply(rows.join('\n'), 'strangers.csv')).toMatchObject({ suppressionAdded: 5_000 });
    // The apply's connection does not checkpoint, and the main one has not written 300 times since.
    await vi.waitFor(() => expect(fs.statSync(file).size).toBeGreaterThan(before + 5_000 * 32), { timeout: 10_000 });
    expect(pragma.mock.calls.filter(([sql]) => String(sql).includes('checkpoint'))).toEqual([]);
    pragma.mockRestore();
  });

  it('handles a larger file in batches and stays idempotent', async () => {
    env = await startCustomers();
    const db_ = db();
    // 30,000 accounts straight into the tables (the registration path is tested elsewhere).
    const at = env.clock.now().toISOString();
    db_.transaction(() => {
      const acc = db_.prepare('INSERT INTO accounts (id, name, email, email_norm, product_id, created_at) VALUES (?, ?, ?, ?, ?, ?)');
      const ev = db_.prepare("INSERT INTO consent_events (id, account_id, list, action, method, notice_id, notice_version, notice_hash, requested_on, recorded_at, device) VALUES (?, ?, 'email_marketing', 'subscribe', 'registration_form', 'marketing', 'v1', ?, '2026-01-01', ?, 'seed')");
      const st = db_.prepare(`INSERT INTO account_state (account_id, status, lists) VALUES (?, 'active', ${LIST_BIT.email_marketing})`);
      for (let i = 1; i <= 30_000; i++) {
        acc.run(i, `Person ${i}`, `p${i}@example.com`, `p${i}@example.com`, env!.productId, at);
        st.run(i);
        ev.run(i, i, env!.notices.marketing.hash, at);
      }
    }).immediate();
    const rows = ['email,list,reason,date'];
    for (let i = 1; i <= 25_000; i++) rows.push(`p${i * 2}@example.com,email_marketing,email,2026-11-01`);
    const content = rows.join('\n');
    const r1 = await apply(content, 'big.csv');
    // p2..p30000 have accounts (15,000); p30002..p50000 do not (10,000).
    expect(r1).toMatchObject({ totalRows: 25_000, changedRows: 25_000, unsubscribeEvents: 15_000, suppressionAdded: 25_000 });
    expect(count(db_, 'SELECT count(*) AS n FROM account_state WHERE lists = 0')).toBe(15_000);
    // Each batch transaction carries its own audit row; together they account for every change.
    type Batch = { step: string; rows: number; unsubscribeEvents?: number; suppressionAdded?: number };
    const batches = (db_.prepare("SELECT details FROM audit_log WHERE action = 'optouts.import_batch'").pluck().all() as string[]).map((d) => JSON.parse(d) as Batch);
    const sum = (step: string, key: 'unsubscribeEvents' | 'suppressionAdded') => batches.filter((b) => b.step === step).reduce((n, b) => n + (b[key] ?? 0), 0);
    expect(sum('accounts', 'unsubscribeEvents')).toBe(15_000);
    expect(sum('suppression', 'suppressionAdded')).toBe(25_000);
    expect(batches.filter((b) => b.step === 'suppression').reduce((n, b) => n + b.rows, 0)).toBe(25_000);
    // The 25,000 opt-outs wait for the hub in rows of LIMITS.suppressionBatchChanges, each hash once.
    const q = queued(db_);
    expect(q.payloads.map((p) => ('changes' in p ? p.changes.length : 0)).sort((a, b) => a - b)).toEqual([1000, ...Array<number>(12).fill(LIMITS.suppressionBatchChanges)]);
    expect(q.changes).toBe(25_000);
    expect(q.lists).toEqual(suppressionList(db_));
    // The Sync screen counts the changes waiting, not the rows; the feed keeps their local state.
    expect((await env.t.must('office_staff', 'sync.status', {})).pending).toBe(25_000);
    const pending = new PendingSuppression(db_);
    await pending.catchUp();
    expect(pending.size).toBe(q.lists.size);
    expect([...q.lists.keys()].every((h) => pending.has(h))).toBe(true);

    const before = snapshot(db_, ['consent_events', 'account_state', 'suppression', 'sync_outbox']);
    const r2 = await apply(content, 'big.csv');
    expect(r2).toMatchObject({ changedRows: 0, unchangedRows: 25_000 });
    expect(snapshot(db_, ['consent_events', 'account_state', 'suppression', 'sync_outbox'])).toEqual(before);

    // A single opt-out beside them is still queued on its own, and counted and seen with them.
    await env.t.must('office_staff', 'optouts.process', { email: 'single@example.com', lists: ['email_marketing'], reason: 'email', requestedOn: '2026-11-20' });
    const single = queued(db_).payloads.find((p) => !('changes' in p))!;
    expect(single).toMatchObject({ lists: LIST_BIT.email_marketing, cleared: 0 });
    expect((await env.t.must('office_staff', 'sync.status', {})).pending).toBe(25_001);
    expect(pending.ready()).toBe(false);
    await pending.catchUp();
    expect(pending.size).toBe(25_001);
    expect(pending.has((single as { emailHmac: string }).emailHmac)).toBe(true);
  });
});
