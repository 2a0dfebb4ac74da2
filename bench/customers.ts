import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { BenchFigure, BenchModule } from './types';
import { applyConnectionPragmas, openKeyed, storeFile } from '../src/main/db/open-store';
import type { JobContext } from '../src/main/jobs/job-context';
import { memoryVault } from '../src/main/keychain/vault';
import { IMPORT_BATCH_ROWS, importApplyJob, importPreviewJob, type ImportJobParams } from '../src/main/optouts/import-job';
import { SUPPRESSION_KEY_ACCOUNT } from '../src/main/accounts/suppression';
import { LIST_BIT, LISTS, maskOf } from '../src/shared/customers-lists';
import { benchDir, openPlain } from './support/db';
import { signInAs, startBenchCore, type BenchCore } from './support/core';
import { plainFigure, ratioFigure, timeFigure } from './support/figures';
import { round, summarize } from './support/stats';
import { interleaved, timeAsync, timeSync } from './support/timing';

/**
 * Customers: the bulk opt-out import with 1M accounts stored (optout_import_rows_per_s),
 * a repeated import (which must change nothing), the preview, and one registration through
 * dispatch. Every figure has a plain better-sqlite3 baseline measured in the same run.
 */

const AT = '2026-11-26T09:00:00.000Z';

/** 1M accounts straight into the tables in one transaction, each on technical advisories and call detail reports, every third on marketing. */
function seedAccounts(db: Database, n: number, productId: number, staffId: number, noticeHash: string): void {
  const account = db.prepare('INSERT INTO accounts (id, name, email, email_norm, product_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const event = db.prepare(
    "INSERT INTO consent_events (id, account_id, list, action, method, notice_id, notice_version, notice_hash, requested_on, recorded_at, staff_id, device) VALUES (?, ?, ?, 'subscribe', 'registration_form', ?, 'v1', ?, '2026-01-01', ?, ?, 'seed')",
  );
  const state = db.prepare("INSERT INTO account_state (account_id, status, lists) VALUES (?, 'active', ?)");
  db.transaction(() => {
    let eventId = 0;
    for (let i = 1; i <= n; i++) {
      const email = `person${i}@example.com`;
      account.run(i, `Person ${i}`, email, email, productId, AT, staffId);
      const lists = i % 3 === 0 ? LISTS : (['technical_advisories', 'call_detail_reports'] as const);
      state.run(i, maskOf(lists));
      for (const list of lists) {
        eventId++;
        event.run(eventId, i, list, list === 'email_marketing' ? 'marketing' : 'registration', noticeHash, AT, staffId);
      }
    }
  }).immediate();
}

/**
 * The import file: 3/4 of the rows name a stored account, 1/4 an unknown address; mostly single
 * lists, every 20th row "all" and every 97th technical advisories (both cancel the account).
 */
function makeFile(rows: number, accounts: number): string {
  const out = ['email,list,reason,date'];
  const reasons = ['email', 'phone', 'web_form', 'bounce'];
  for (let i = 0; i < rows; i++) {
    const k = (i * 7919) % accounts;
    const email = i % 4 === 3 ? `stranger${i}@example.net` : `Person${k + 1}@Example.com`;
    const list = i % 97 === 0 ? 'technical_advisories' : i % 20 === 0 ? 'all' : i % 2 === 0 ? 'email_marketing' : 'call_detail_reports';
    out.push(`${email},${list},${reasons[i % reasons.length]},2026-11-${String(1 + (i % 25)).padStart(2, '0')}`);
  }
  return out.join('\n');
}

/** Opens `file` the way a job's worker does. */
function opener(file: (store: 'customers' | 'contests') => string, keyHex: (store: 'customers' | 'contests') => string) {
  return (store: 'customers' | 'contests', readonly: boolean): Database => {
    const db = openKeyed(file(store), keyHex(store), { readonly, fileMustExist: true });
    if (!readonly) applyConnectionPragmas(db);
    return db;
  };
}

const keysOf = (b: BenchCore) => (store: 'customers' | 'contests') => (store === 'customers' ? b.core.stores!.customersKeyHex : b.core.stores!.contestsKeyHex);
const coreOpener = (b: BenchCore) => opener((store) => storeFile(b.dataDir, store), keysOf(b));

type ImportKind = 'optouts.importPreview' | 'optouts.importApply';

/** Runs a job body in this thread with the worker's JobContext; the worker spawn is left out of the timing. */
async function runJob<R>(open: ReturnType<typeof opener>, body: (ctx: JobContext<ImportKind>) => Promise<R>, params: ImportJobParams, staffId: number): Promise<{ ms: number; result: R }> {
  const opened: Database[] = [];
  const ctx: JobContext<ImportKind> = {
    jobId: 'bench',
    params,
    actor: { staffId, displayName: 'Bench office' },
    open(store, readonly) {
      const db = open(store, readonly);
      opened.push(db);
      return db;
    },
    progress() {},
    checkCancelled() {},
    yieldToMessages: () => new Promise<void>((r) => setImmediate(r)),
    writeTurn: async (write) => write(),
  };
  try {
    let result: R | undefined;
    const ms = await timeAsync(async () => {
      result = await body(ctx);
    });
    if (result === undefined) throw new Error('the job returned nothing');
    return { ms, result };
  } finally {
    for (const db of opened) db.close();
  }
}

/**
 * The plain baseline: an unencrypted file with the bare shape of the same data (accounts by
 * normalised email, a small state row per account with a bit per list, events indexed by account,
 * suppression by hash with a bit per list), and per row the same kinds of work: split the line,
 * look the account and its state up, hash the address, write a withdrawal event per list left and
 * the new state, and add the lists to the suppression row, in 50,000-row transactions. No
 * validation, no keyed hash (plain SHA-256), no foreign keys, no ordering pass, no audit.
 */
function plainBaseline(accounts: number, content: string, log: (l: string) => void): { ms: number; repeatMs: number } {
  const db = openPlain(path.join(benchDir(), 'plain-customers.db'));
  db.pragma('foreign_keys = OFF');
  db.exec(`
    CREATE TABLE accounts (id INTEGER PRIMARY KEY, email_norm TEXT NOT NULL UNIQUE) STRICT;
    CREATE TABLE state (account_id INTEGER PRIMARY KEY, status TEXT NOT NULL, lists INTEGER NOT NULL) STRICT;
    CREATE TABLE events (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, list TEXT NOT NULL, action TEXT NOT NULL, at TEXT NOT NULL) STRICT;
    CREATE INDEX events_account ON events(account_id);
    CREATE TABLE suppression (hash BLOB PRIMARY KEY, lists INTEGER NOT NULL) STRICT, WITHOUT ROWID;
  `);
  const seedMs = timeSync(() =>
    db.transaction(() => {
      const a = db.prepare('INSERT INTO accounts (id, email_norm) VALUES (?, ?)');
      const s = db.prepare("INSERT INTO state (account_id, status, lists) VALUES (?, 'active', ?)");
      for (let i = 1; i <= accounts; i++) {
        a.run(i, `person${i}@example.com`);
        s.run(i, i % 3 === 0 ? 7 : 3);
      }
    }).immediate(),
  );
  log(`plain baseline: seeded ${accounts} accounts in ${seedMs.toFixed(0)} ms`);
  const find = db.prepare('SELECT a.id, s.status, s.lists FROM accounts a JOIN state s ON s.account_id = a.id WHERE a.email_norm = ?').raw();
  const event = db.prepare("INSERT INTO events (account_id, list, action, at) VALUES (?, ?, 'unsubscribe', ?)");
  const setState = db.prepare('UPDATE state SET status = ?, lists = ? WHERE account_id = ?');
  const suppress = db.prepare('INSERT INTO suppression (hash, lists) VALUES (?, ?) ON CONFLICT (hash) DO UPDATE SET lists = lists | excluded.lists WHERE lists & excluded.lists <> excluded.lists');
  const BIT: Record<string, number> = { ...LIST_BIT, all: 7 };
  const apply = () => {
    const all = content.split('\n').slice(1);
    const batch = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const [email = '', list = ''] = all[i]!.split(',');
        const norm = email.toLowerCase();
        let asked = BIT[list]!;
        const found = find.get(norm) as [number, string, number] | undefined;
        if (found) {
          const [id, status, lists] = found;
          const cancels = status === 'active' && (asked & LIST_BIT.technical_advisories) !== 0;
          if (cancels) asked = 7;
          const leave = lists & asked;
          for (const l of LISTS) if (leave & LIST_BIT[l]) event.run(id, l, AT);
          if (leave || cancels) setState.run(cancels ? 'cancelled' : status, lists & ~leave, id);
        }
        suppress.run(createHash('sha256').update(norm).digest(), asked);
      }
    });
    for (let from = 0; from < all.length; from += 50_000) batch.immediate(from, Math.min(all.length, from + 50_000));
  };
  const ms = timeSync(apply);
  const repeatMs = timeSync(apply);
  db.close();
  return { ms, repeatMs };
}

/** What an apply wrote, read back from its store: every row it added or changed, in the order it wrote them. */
interface WriteSet {
  importRow: unknown[];
  suppression: unknown[][];
  outbox: unknown[][];
  /** Account state rows as the apply left them, in account id order. */
  states: unknown[][];
  /** Events per account, in the order they were written. */
  events: Map<number, unknown[][]>;
  /** Audit rows by action, in seq order. */
  audit: Map<string, unknown[][]>;
}

function writeSetOf(db: Database, importId: number): WriteSet {
  const events = new Map<number, unknown[][]>();
  const eventRows = db
    .prepare('SELECT account_id, list, action, method, reason, cause, note, requested_on, recorded_at, staff_id, device, import_id, opened FROM consent_events WHERE import_id = ? ORDER BY id')
    .raw()
    .all(importId) as unknown[][];
  for (const e of eventRows) {
    const id = e[0] as number;
    events.set(id, [...(events.get(id) ?? []), e]);
  }
  const audit = new Map<string, unknown[][]>();
  const firstSeq = db.prepare("SELECT min(seq) FROM audit_log WHERE action = 'optouts.import_start' AND subject_id = ?").pluck().get(String(importId));
  for (const a of db.prepare('SELECT seq, at, actor_id, actor_name, action, subject_type, subject_id, details, prev_hash, hash FROM audit_log WHERE seq >= ? ORDER BY seq').raw().all(firstSeq) as unknown[][]) {
    audit.set(a[4] as string, [...(audit.get(a[4] as string) ?? []), a]);
  }
  return {
    importRow: db.prepare('SELECT id, file_name, file_sha256, started_at, staff_id, rows_total, job_id FROM optout_imports WHERE id = ?').raw().get(importId) as unknown[],
    suppression: db.prepare('SELECT email_hmac, lists, reason, requested_on, created_at, staff_id, import_id FROM suppression WHERE import_id = ? ORDER BY email_hmac').raw().all(importId) as unknown[][],
    outbox: db.prepare("SELECT id, kind, payload, sha256, created_at FROM sync_outbox WHERE kind = 'suppression' ORDER BY created_at, id").raw().all() as unknown[][],
    states: db
      .prepare('SELECT account_id, status, lists, cancelled_at, cancel_reason, cancel_note FROM account_state WHERE account_id IN (SELECT account_id FROM consent_events WHERE import_id = ?) ORDER BY account_id')
      .raw()
      .all(importId) as unknown[][],
    events,
    audit,
  };
}

/**
 * The floor of the apply on this machine: the rows an apply wrote (WriteSet), written into a copy
 * of the store as it was before that apply, with nothing read, checked or decided. The same
 * tables, indexes, foreign keys, encryption, durability, page cache and number of transactions
 * (the suppression rows in hash order in `suppressionBatches`, then the accounts in id order in
 * `accountBatches`, each account's state, events, mail withdrawal and cancellation audit row
 * together), and no checkpoint, as in the apply.
 */
function floorReplay(db: Database, w: WriteSet, suppressionBatches: number, accountBatches: number): void {
  db.pragma('cache_size = -131072');
  db.pragma('wal_autocheckpoint = 0');
  const insert = (table: string, columns: string) => db.prepare(`INSERT INTO ${table} (${columns}) VALUES (${columns.split(',').map(() => '?').join(',')})`);
  const importRow = insert('optout_imports', 'id,file_name,file_sha256,started_at,staff_id,rows_total,job_id');
  const finishImport = db.prepare("UPDATE optout_imports SET finished_at = '2026-11-26T09:00:05.000Z', report = '{}' WHERE id = ?");
  const suppression = insert('suppression', 'email_hmac,lists,reason,requested_on,created_at,staff_id,import_id');
  const outbox = insert('sync_outbox', 'id,kind,payload,sha256,created_at');
  const audit = insert('audit_log', 'seq,at,actor_id,actor_name,action,subject_type,subject_id,details,prev_hash,hash');
  const event = insert('consent_events', 'account_id,list,action,method,reason,cause,note,requested_on,recorded_at,staff_id,device,import_id,opened');
  const state = db.prepare('UPDATE account_state SET status = ?, lists = ?, cancelled_at = ?, cancel_reason = ?, cancel_note = ? WHERE account_id = ?');
  const withdrawMail = db.prepare("UPDATE mail_outbox SET status = 'withdrawn', body = '', withdrawn_at = ?, withdrawn_reason = 'account_cancelled' WHERE account_id = ? AND status IN ('pending', 'failed')");
  const auditRows = (action: string) => w.audit.get(action) ?? [];
  const batchAudits = auditRows('optouts.import_batch');
  const cancelAudits = auditRows('customers.cancel');
  let nextBatchAudit = 0;
  let nextCancelAudit = 0;
  const chunks = <T>(rows: T[], n: number) => Array.from({ length: n }, (_, k) => rows.slice(Math.floor((k * rows.length) / n), Math.floor(((k + 1) * rows.length) / n)));

  db.transaction(() => {
    importRow.run(...w.importRow);
    for (const a of auditRows('optouts.import_start')) audit.run(...a);
  }).immediate();
  const outboxChunks = chunks(w.outbox, suppressionBatches);
  chunks(w.suppression, suppressionBatches).forEach((rows, k) =>
    db.transaction(() => {
      for (const r of rows) suppression.run(...r);
      for (const r of outboxChunks[k]!) outbox.run(...r);
      if (nextBatchAudit < batchAudits.length) audit.run(...batchAudits[nextBatchAudit++]!);
    }).immediate(),
  );
  for (const rows of chunks(w.states, accountBatches)) {
    db.transaction(() => {
      for (const s of rows) {
        const [accountId, status, lists, cancelledAt, reason, note] = s;
        state.run(status, lists, cancelledAt, reason, note, accountId);
        if (status === 'cancelled') {
          withdrawMail.run(cancelledAt, accountId);
          audit.run(...cancelAudits[nextCancelAudit++]!);
        }
        for (const e of w.events.get(accountId as number) ?? []) event.run(...e);
      }
      if (nextBatchAudit < batchAudits.length) audit.run(...batchAudits[nextBatchAudit++]!);
    }).immediate();
  }
  db.transaction(() => {
    finishImport.run(w.importRow[0]);
    for (const a of auditRows('optouts.import')) audit.run(...a);
  }).immediate();
}

/** A byte copy of a store's file, flushed to disk before anything is timed. Checkpoint the store first: the copy leaves its WAL out. */
function copyStore(from: string, to: string): void {
  fs.copyFileSync(from, to);
  const fd = fs.openSync(to, 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}

/** A fresh core with `accounts` accounts seeded and an office member signed in. */
async function seededStore(accounts: number, log: (l: string) => void) {
  const vault = memoryVault();
  const b = await startBenchCore({ vault, mail: { pump: 'manual' }, deviceName: 'bench' });
  const office = await signInAs(b, 'office', 'office_staff');
  const product = await b.must('admin', 'products.create', { name: 'IXO Call Pro' });
  const notices = await b.must('office', 'customers.notices', {});
  const registrationHash = notices.find((n) => n.id === 'registration')!.hash;
  // Creates the suppression key the way the app does (first use), then reads it for the job.
  await b.must('office', 'optouts.find', { email: 'nobody@example.com' });
  const keyHex = (await vault.get(SUPPRESSION_KEY_ACCOUNT))!;
  const db = b.core.stores!.customers;
  const seedMs = timeSync(() => seedAccounts(db, accounts, product.id, office.id, registrationHash));
  db.pragma('wal_checkpoint(TRUNCATE)');
  log(`seeded ${accounts} accounts (${db.prepare('SELECT count(*) FROM consent_events').pluck().get() as number} consent events) in ${seedMs.toFixed(0)} ms`);
  return { b, office, keyHex };
}

async function benchImport(quick: boolean, log: (l: string) => void) {
  const accounts = quick ? 100_000 : 1_000_000;
  const rows = quick ? 20_000 : 200_000;
  const samples = quick ? 1 : 3;
  const content = makeFile(rows, accounts);
  const baseParams = { fileName: 'bench-optouts.csv', content: new TextEncoder().encode(content), at: AT, today: AT.slice(0, 10), device: 'bench' };

  // The app's flow: preview, then apply the previewed file (the apply reuses the preview's reads
  // and checks them), then apply the same file again (no preview: everything read again).
  // The apply after the preview is timed `samples` times, each on the store as it was before any
  // (the first on the store itself, the others on byte copies of it), alternating with as many
  // runs of the floor (floorReplay) on copies; the figures are the medians. Runs of the same work
  // here differ by up to half, so one run would say little about either.
  const app = await seededStore(accounts, log);
  const main = app.b.core.stores!.customers;
  const keyOf = keysOf(app.b);
  const before = path.join(benchDir('ixo-bench-before-'), 'customers.db');
  const copyOfBefore = () => {
    const file = path.join(benchDir('ixo-bench-copy-'), 'customers.db');
    copyStore(before, file);
    return file;
  };
  const applyMs: number[] = [];
  const floorMs: number[] = [];
  let flow: { preview: number; again: number; matched: number };
  try {
    const params: ImportJobParams = { ...baseParams, keyHex: app.keyHex };
    const pv = await runJob(coreOpener(app.b), importPreviewJob, params, app.office.id);
    const { preview } = pv.result;
    log(`preview ${rows} rows: ${pv.ms.toFixed(0)} ms (matched ${preview.matched.count}, unknown ${preview.unknown.count}, cancellations ${preview.cancellations.count}, invalid ${preview.invalid.count})`);
    const planned = { ...params, plan: pv.result.plan };
    main.pragma('wal_checkpoint(TRUNCATE)');
    copyStore(storeFile(app.b.dataDir, 'customers'), before);

    const first = await runJob(coreOpener(app.b), importApplyJob, planned, app.office.id);
    applyMs.push(first.ms);
    log(`apply after preview: ${first.ms.toFixed(0)} ms (changed ${first.result.changedRows}, events ${first.result.unsubscribeEvents}, cancelled ${first.result.cancelledAccounts}, suppression ${first.result.suppressionAdded})`);
    if (first.result.changedRows !== preview.matched.count + preview.unknown.count - preview.unchanged) throw new Error('the preview and the apply disagree');
    const written = writeSetOf(main, first.result.importId);
    // What the job runner has the checkpoint worker do once a job that wrote has answered.
    main.pragma('wal_checkpoint(PASSIVE)');

    const floorRun = () => {
      const file = copyOfBefore();
      const db = opener(() => file, keyOf)('customers', false);
      try {
        floorMs.push(timeSync(() => floorReplay(db, written, Math.ceil(rows / IMPORT_BATCH_ROWS), Math.ceil(preview.matched.count / IMPORT_BATCH_ROWS))));
        const events = [...written.events.values()].reduce((n, e) => n + e.length, 0);
        const count = (sql: string) => db.prepare(sql).pluck().get() as number;
        if (count('SELECT count(*) FROM suppression') < written.suppression.length || count('SELECT count(*) FROM consent_events WHERE import_id IS NOT NULL') !== events) {
          throw new Error('the floor wrote other rows than the apply');
        }
      } finally {
        db.close();
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
      }
    };
    const applyRun = async () => {
      const file = copyOfBefore();
      try {
        const run = await runJob(opener(() => file, keyOf), importApplyJob, planned, app.office.id);
        if (run.result.changedRows !== first.result.changedRows) throw new Error('an apply on a copy changed other rows');
        applyMs.push(run.ms);
      } finally {
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
      }
    };
    for (let r = 0; r < samples; r++) {
      if (r % 2 === 0) floorRun();
      if (r > 0) await applyRun();
      if (r % 2 === 1) floorRun();
    }
    log(`apply after preview, ${applyMs.length} runs: ${applyMs.map((ms) => ms.toFixed(0)).join(', ')} ms; the floor (its writes alone), ${floorMs.length} runs: ${floorMs.map((ms) => ms.toFixed(0)).join(', ')} ms`);

    const again = await runJob(coreOpener(app.b), importApplyJob, params, app.office.id);
    log(`apply again: ${again.ms.toFixed(0)} ms (changed ${again.result.changedRows})`);
    if (again.result.changedRows !== 0) throw new Error(`a repeated import changed ${again.result.changedRows} rows`);
    flow = { preview: pv.ms, again: again.ms, matched: preview.matched.count };
  } finally {
    await app.b.close();
    fs.rmSync(path.dirname(before), { recursive: true, force: true });
  }

  // The same file applied without a preview, on a fresh store: every row read, then written.
  const cold = await seededStore(accounts, log);
  let coldMs: number;
  try {
    const run = await runJob(coreOpener(cold.b), importApplyJob, { ...baseParams, keyHex: cold.keyHex }, cold.office.id);
    log(`apply without preview: ${run.ms.toFixed(0)} ms (changed ${run.result.changedRows})`);
    coldMs = run.ms;
  } finally {
    await cold.b.close();
  }

  const plain = plainBaseline(accounts, content, log);
  log(`plain baseline apply: ${plain.ms.toFixed(0)} ms, again ${plain.repeatMs.toFixed(0)} ms`);
  return { accounts, rows, samples, ...flow, apply: summarize(applyMs).p50, floor: summarize(floorMs).p50, cold: coldMs, plain };
}

/** One registration through dispatch (age check, keyed hash, account, consent events, outbox row, audit) beside a plain durable single-row commit. */
async function benchRegister(quick: boolean, log: (l: string) => void) {
  const iterations = quick ? 100 : 500;
  const warmup = quick ? 20 : 50;
  const b = await startBenchCore({ mail: { pump: 'manual' }, deviceName: 'bench' });
  try {
    await signInAs(b, 'office', 'office_staff');
    const product = await b.must('admin', 'products.create', { name: 'IXO Call Pro' });
    const notices = await b.must('office', 'customers.notices', {});
    const version = (id: string) => notices.find((n) => n.id === id)!.version;
    const plain = openPlain(path.join(benchDir(), 'plain-register.db'));
    plain.exec('CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL) STRICT');
    const insert = plain.prepare('INSERT INTO accounts (name, email, created_at) VALUES (?, ?, ?)');
    const s = await interleaved(
      { warmup, iterations, rounds: 10, yieldBetween: true },
      async (i) => {
        const r = await b.core.dispatch('office', 'customers.register', {
          birthDate: '1980-01-01',
          name: `Bench Person ${i}`,
          email: `bench${i}@example.com`,
          productId: product.id,
          marketingOptIn: i % 2 === 0,
          registrationNoticeVersion: version('registration'),
          marketingNoticeVersion: version('marketing'),
        });
        if (!r.ok) throw new Error(`register failed: ${r.error.message}`);
      },
      (i) => plain.transaction(() => insert.run(`Bench Person ${i}`, `bench${i}@example.com`, AT)).immediate(),
    );
    plain.close();
    const app = summarize(s.a);
    const raw = summarize(s.b);
    log(`register through dispatch: p50 ${app.p50.toFixed(3)} ms, p99 ${app.p99.toFixed(3)} ms; plain single-row commit p50 ${raw.p50.toFixed(3)} ms`);
    return { app, raw };
  } finally {
    await b.close();
  }
}

const customers: BenchModule = {
  title: 'Customers: bulk opt-out import and registration',
  async run({ quick, log }) {
    const i = await benchImport(quick, log);
    const perS = (ms: number) => round((i.rows / ms) * 1000, 0);
    const r = await benchRegister(quick, log);
    const figures: BenchFigure[] = [
      {
        key: 'optout_import_rows_per_s',
        value: perS(i.apply),
        unit: 'rows/s',
        baseline: { label: 'plain read+write rows/s', value: perS(i.plain.ms) },
        target: { op: '>=', value: 100_000 },
        note: `apply job body for ${i.rows} rows with ${i.accounts} accounts stored, median of ${i.samples} runs, after the preview of the same file as in the app: the file's SHA-256 matched to the preview's plan (rows already validated, accounts and keyed hashes already read), each read checked by a compare-and-set write, the writes, the audit; worker spawn not timed`,
      },
      plainFigure('optout_import_floor_rows_per_s', perS(i.floor), 'rows/s', {
        note: `the rows the apply wrote, written alone into a copy of the store as it was before the apply (median of ${i.samples} runs, alternating with the apply's): same tables, indexes, encryption, durability and transactions, nothing read, checked or decided. No apply can beat it on this machine and schema`,
      }),
      ratioFigure('optout_import_floor_ratio', perS(i.apply), perS(i.floor), { note: 'optout_import_rows_per_s over the floor of the same run: the share of the floor speed the apply reaches' }),
      {
        key: 'optout_import_cold_rows_per_s',
        value: perS(i.cold),
        unit: 'rows/s',
        baseline: { label: 'plain read+write rows/s', value: perS(i.plain.ms) },
        note: 'the same apply on a fresh store without a preview: every account and keyed hash read first',
      },
      {
        key: 'optout_preview_and_apply_rows_per_s',
        value: perS(i.preview + i.apply),
        unit: 'rows/s',
        baseline: { label: 'plain read+write rows/s', value: perS(i.plain.ms) },
        note: 'rows over the preview and the apply together: what a person waits for in all',
      },
      {
        key: 'optout_import_repeat_rows_per_s',
        value: perS(i.again),
        unit: 'rows/s',
        baseline: { label: 'plain repeat rows/s', value: perS(i.plain.repeatMs) },
        note: 'the same file applied again without a preview: every row read and checked, nothing changed',
      },
      {
        key: 'optout_preview_rows_per_s',
        value: perS(i.preview),
        unit: 'rows/s',
        baseline: { label: 'plain read+write rows/s', value: perS(i.plain.ms) },
        note: 'preview job body on a read-only connection, same rules as the apply',
      },
      ratioFigure('optout_import_cold_ratio', i.cold, i.plain.ms, { note: 'apply without preview over the plain baseline, same rows and the same kinds of reads and writes, same run' }),
      timeFigure('register_p50_ms', r.app.p50, { label: 'plain single-row commit p50', value: r.raw.p50 }, { note: 'customers.register through dispatch to durable commit' }),
      timeFigure('register_p99_ms', r.app.p99, { label: 'plain single-row commit p99', value: r.raw.p99 }),
      plainFigure('register_plain_p99_ms', r.raw.p99),
    ];
    return figures;
  },
};

export default customers;
