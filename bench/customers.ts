import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { BenchFigure, BenchModule } from './types';
import { applyConnectionPragmas, openKeyed, storeFile } from '../src/main/db/open-store';
import type { JobContext } from '../src/main/jobs/job-context';
import { memoryVault } from '../src/main/keychain/vault';
import { importApplyJob, importPreviewJob, type ImportJobParams } from '../src/main/optouts/import-job';
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

/** The worker's JobContext, in this thread: the job body is the real one, the worker spawn is left out of the timing. */
function jobContext(b: BenchCore, params: ImportJobParams, staffId: number): JobContext<ImportKind> & { close(): void } {
  const opened: Database[] = [];
  const stores = b.core.stores!;
  return {
    jobId: 'bench',
    params,
    actor: { staffId, displayName: 'Bench office' },
    open(store, readonly) {
      const db = openKeyed(storeFile(stores.dataDir, store), store === 'customers' ? stores.customersKeyHex : stores.contestsKeyHex, { readonly, fileMustExist: true });
      if (!readonly) applyConnectionPragmas(db);
      opened.push(db);
      return db;
    },
    progress() {},
    checkCancelled() {},
    yieldToMessages: () => new Promise<void>((r) => setImmediate(r)),
    writeTurn: async (write) => write(),
    close() {
      for (const db of opened.splice(0)) db.close();
    },
  };
}

type ImportKind = 'optouts.importPreview' | 'optouts.importApply';

async function runJob<R>(b: BenchCore, body: (ctx: JobContext<ImportKind>) => Promise<R>, params: ImportJobParams, staffId: number): Promise<{ ms: number; result: R }> {
  const ctx = jobContext(b, params, staffId);
  try {
    let result: R | undefined;
    const ms = await timeAsync(async () => {
      result = await body(ctx);
    });
    if (result === undefined) throw new Error('the job returned nothing');
    return { ms, result };
  } finally {
    ctx.close();
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
  const content = makeFile(rows, accounts);
  const baseParams = { fileName: 'bench-optouts.csv', content: new TextEncoder().encode(content), at: AT, today: AT.slice(0, 10), device: 'bench' };

  // The app's flow: preview, then apply the previewed file (the apply reuses the preview's reads
  // and checks them), then apply the same file again (no preview: everything read again).
  const app = await seededStore(accounts, log);
  let flow: { preview: number; apply: number; again: number };
  try {
    const params: ImportJobParams = { ...baseParams, keyHex: app.keyHex };
    const pv = await runJob(app.b, importPreviewJob, params, app.office.id);
    const { preview } = pv.result;
    log(`preview ${rows} rows: ${pv.ms.toFixed(0)} ms (matched ${preview.matched.count}, unknown ${preview.unknown.count}, cancellations ${preview.cancellations.count}, invalid ${preview.invalid.count})`);
    const first = await runJob(app.b, importApplyJob, { ...params, plan: pv.result.plan }, app.office.id);
    log(`apply after preview: ${first.ms.toFixed(0)} ms (changed ${first.result.changedRows}, events ${first.result.unsubscribeEvents}, cancelled ${first.result.cancelledAccounts}, suppression ${first.result.suppressionAdded})`);
    const again = await runJob(app.b, importApplyJob, params, app.office.id);
    log(`apply again: ${again.ms.toFixed(0)} ms (changed ${again.result.changedRows})`);
    if (again.result.changedRows !== 0) throw new Error(`a repeated import changed ${again.result.changedRows} rows`);
    if (first.result.changedRows !== preview.matched.count + preview.unknown.count - preview.unchanged) throw new Error('the preview and the apply disagree');
    flow = { preview: pv.ms, apply: first.ms, again: again.ms };
  } finally {
    await app.b.close();
  }

  // The same file applied without a preview, on a fresh store: every row read, then written.
  const cold = await seededStore(accounts, log);
  let coldMs: number;
  try {
    const run = await runJob(cold.b, importApplyJob, { ...baseParams, keyHex: cold.keyHex }, cold.office.id);
    log(`apply without preview: ${run.ms.toFixed(0)} ms (changed ${run.result.changedRows})`);
    coldMs = run.ms;
  } finally {
    await cold.b.close();
  }

  const plain = plainBaseline(accounts, content, log);
  log(`plain baseline apply: ${plain.ms.toFixed(0)} ms, again ${plain.repeatMs.toFixed(0)} ms`);
  return { accounts, rows, ...flow, cold: coldMs, plain };
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
        note: `apply job body for ${i.rows} rows with ${i.accounts} accounts stored, after the preview of the same file as in the app: the file's SHA-256 matched to the preview's plan (rows already validated, accounts and keyed hashes already read), each read checked by a compare-and-set write, the writes, the audit; worker spawn not timed`,
      },
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
