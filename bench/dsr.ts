import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { BenchFigure, BenchModule } from './types';
import { migrate } from '../src/main/db/migrate';
import { customersMigrations } from '../src/main/db/migrations/customers';
import { contestsMigrations } from '../src/main/db/migrations/contests';
import { collectAccess } from '../src/main/dsr/collect';
import { resolveSubject } from '../src/main/dsr/subject';
import { LIST_BIT } from '../src/shared/customers-lists';
import { enqueue } from '../src/main/sync/outbox';
import { benchDir, openPlain } from './support/db';
import { builtWorkerEntry, signInAs, startBenchCore } from './support/core';
import { plainFigure, ratioFigure, timeFigure } from './support/figures';
import { summarize } from './support/stats';
import { interleaved, timeAsync, timeSync } from './support/timing';

/**
 * Restricted records: the data subject access export and erasure with realistic stores
 * around the person, and a lead saved through dispatch. The plain baseline runs the same reads on
 * unencrypted copies of the same data (same schema, same rows), and for erasure the plain VACUUM
 * and checkpoint of those copies, which is the bulk of an erasure's cost.
 */

const AT = '2026-11-26T09:00:00.000Z';
const HASH = 'a'.repeat(64);

interface Sizes {
  accounts: number;
  entries: number;
  leads: number;
  subjects: number;
}

/** Identical rows into either side: accounts with consent, notes and billing for some, leads, and contest entries. */
function seed(customers: Database, contests: Database, s: Sizes, staffId: number): void {
  customers.transaction(() => {
    customers.prepare("INSERT INTO products (id, name, active, created_at, updated_at) VALUES (1, 'Bench product', 1, ?, ?)").run(AT, AT);
    const account = customers.prepare('INSERT INTO accounts (id, name, email, email_norm, product_id, created_at, created_by) VALUES (?, ?, ?, ?, 1, ?, ?)');
    const event = customers.prepare(
      "INSERT INTO consent_events (account_id, list, action, method, notice_id, notice_version, notice_hash, requested_on, recorded_at, staff_id, device) VALUES (?, ?, 'subscribe', 'registration_form', 'registration', 'v1', ?, '2026-01-01', ?, ?, 'bench')",
    );
    const state = customers.prepare(`INSERT INTO account_state (account_id, status, lists) VALUES (?, 'active', ${LIST_BIT.technical_advisories | LIST_BIT.call_detail_reports})`);
    const note = customers.prepare('INSERT INTO service_notes (account_id, body, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)');
    const billing = customers.prepare(
      "INSERT INTO billing_profiles (account_id, billing_name, address_line1, postal_code, city, country, card_brand, card_last4, updated_at, updated_by) VALUES (?, ?, 'Street 1', '00100', 'Helsinki', 'Finland', 'visa', '4242', ?, ?)",
    );
    const mail = customers.prepare("INSERT INTO mail_outbox (id, kind, account_id, to_address, subject, body, status, created_at, next_attempt_at) VALUES (?, 'registration', ?, ?, 'Welcome', ?, 'sent', ?, ?)");
    for (let i = 1; i <= s.accounts; i++) {
      const email = i <= s.subjects ? `subject${i}@example.com` : `person${i}@example.com`;
      account.run(i, `Person ${i}`, email, email, AT, staffId);
      state.run(i);
      for (const list of ['technical_advisories', 'call_detail_reports'] as const) event.run(i, list, HASH, AT, staffId);
      if (i % 10 === 0 || i <= s.subjects) {
        note.run(i, `Service note about person ${i}: called about an invoice.`, AT, staffId, AT, staffId);
        billing.run(i, `Person ${i}`, AT, staffId);
      }
      if (i <= s.subjects) mail.run(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, i, email, `Dear Person ${i}, your account details…`, AT, AT);
    }
    const lead = customers.prepare(
      `INSERT INTO leads (name, phone, phone_digits, email, email_norm, company, notes, status, created_at, created_by, updated_at,
         perm_obtained_by_staff_id, perm_obtained_by_name, perm_obtained_at, perm_method, perm_script_version, perm_script_sha256, perm_confirmation, perm_recorded_at, perm_recorded_by)
       VALUES (?, ?, ?, ?, ?, 'Company Oy', NULL, 'open', ?, ?, ?, ?, 'Bench caller', ?, 'call', 'TM-2026-01', ?, 'Yes', ?, ?)`,
    );
    for (let i = 1; i <= s.leads; i++) {
      const email = i <= s.subjects ? `subject${i}@example.com` : `lead${i}@example.com`;
      const digits = `35840${String(1_000_000 + i)}`;
      lead.run(`Lead ${i}`, `+${digits}`, digits, email, email, AT, staffId, AT, staffId, AT, HASH, AT, staffId);
    }
  }).immediate();

  contests.transaction(() => {
    contests.prepare("INSERT INTO events (id, uuid, name, starts_on, ends_on, location, created_at, updated_at) VALUES (1, 'ev-1', 'Bench fair', '2026-11-26', '2026-11-26', 'Helsinki', ?, ?)").run(AT, AT);
    contests.prepare("INSERT INTO event_texts (id, event_id, kind, lang, version, body, sha256, created_at, used) VALUES (1, 1, 'rules', 'en', 1, 'Rules', ?, ?, 1), (2, 1, 'notice', 'en', 1, 'Notice', ?, ?, 1)").run(HASH, AT, HASH, AT);
    const entry = contests.prepare(
      `INSERT INTO entries (uuid, event_id, captured_at, local_hour, staff_id, device, name, email, email_norm, phone, phone_norm, address, title, company, answers, rules_text_id, notice_text_id, marketing_consent)
       VALUES (?, 1, ?, '2026-11-26 09', ?, 'bench', ?, ?, ?, ?, ?, 'Street 1, Helsinki', 'Engineer', 'Company Oy', '{}', 1, 2, ?)`,
    );
    const consent = contests.prepare("INSERT INTO entry_consent_events (entry_id, purpose, granted, notice_text_id, notice_sha256, method, at, device, staff_id) VALUES (?, 'marketing', 1, 2, ?, 'booth', ?, 'bench', ?)");
    for (let i = 1; i <= s.entries; i++) {
      // Every subject has two entries; the rest belong to other people.
      const who = i <= s.subjects * 2 ? Math.ceil(i / 2) : 0;
      const email = who ? `subject${who}@example.com` : `entrant${i}@example.com`;
      const uuid = `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
      const id = Number(entry.run(uuid, AT, staffId, `Entrant ${i}`, email, email, `+35850${1_000_000 + i}`, `+35850${1_000_000 + i}`, i % 2).lastInsertRowid);
      if (i % 2) consent.run(id, HASH, AT, staffId);
      enqueue(contests, 'contest_entry', { id: uuid, entrant: { name: `Entrant ${i}`, email } }, AT, uuid);
    }
  }).immediate();
}

function plainStores(dir: string, staffId: number) {
  const customers = openPlain(path.join(dir, 'customers-plain.db'));
  const contests = openPlain(path.join(dir, 'contests-plain.db'));
  migrate(customers, customersMigrations);
  migrate(contests, contestsMigrations);
  customers.prepare("INSERT INTO staff (id, username, display_name, role, password_hash, created_at, updated_at) VALUES (?, 'bench', 'Bench', 'manager', 'x', ?, ?)").run(staffId, AT, AT);
  return { customers, contests };
}

const fileMb = (file: string) => fs.statSync(file).size / 1024 / 1024;

const dsr: BenchModule = {
  title: 'Restricted records: data subject access and erasure, leads',
  async run({ quick, log }) {
    const sizes: Sizes = quick ? { accounts: 5_000, entries: 10_000, leads: 1_000, subjects: 10 } : { accounts: 50_000, entries: 100_000, leads: 10_000, subjects: 10 };
    const outDir = benchDir('ixo-bench-dsr-out-');
    let saveN = 0;
    const b = await startBenchCore({ workerEntry: builtWorkerEntry(), dialogs: { chooseSavePath: async () => path.join(outDir, `export-${++saveN}.json`) } });
    const manager = await signInAs(b, 'bench-manager', 'manager');
    const office = await signInAs(b, 'bench-office', 'office_staff');
    const stores = b.core.stores!;
    const plainDir = benchDir();
    const plain = plainStores(plainDir, manager.id);
    log(`seeding ${sizes.accounts} accounts, ${sizes.entries} entries, ${sizes.leads} leads on both sides`);
    seed(stores.customers, stores.contests, sizes, manager.id);
    seed(plain.customers, plain.contests, sizes, manager.id);
    const figures: BenchFigure[] = [];

    // Who the person is: the account, leads and (a full scan of) contest entries.
    const resolve = await interleaved(
      { warmup: 3, iterations: quick ? 10 : 30 },
      () => resolveSubject(stores.customers, stores.contests, { email: 'subject1@example.com', phone: '+358 40 100 0001' }),
      () => resolveSubject(plain.customers, plain.contests, { email: 'subject1@example.com', phone: '+358 40 100 0001' }),
    );
    const rApp = summarize(resolve.a).p50;
    const rPlain = summarize(resolve.b).p50;
    figures.push(timeFigure('dsr_subject_resolve_p50_ms', rApp, { label: 'same code on plain files', value: rPlain }, { note: `${sizes.entries} entries scanned by email` }));

    // The access export through dispatch (collect, JSON, file write, audit row) against the same
    // collect + JSON + write on the plain copies.
    let plainN = 0;
    const access = await interleaved(
      { warmup: 2, iterations: quick ? 6 : 20 },
      () => b.must(manager.conn, 'dsr.exportAccess', { email: 'subject1@example.com', reference: 'BENCH-1', format: 'json' }),
      () => {
        const subject = resolveSubject(plain.customers, plain.contests, { email: 'subject1@example.com' });
        const doc = collectAccess(plain, subject, { generatedAt: AT, generatedBy: 'Bench', reference: 'BENCH-1', suppressedLists: [] });
        fs.writeFileSync(path.join(outDir, `plain-${++plainN}.json`), `${JSON.stringify(doc, null, 2)}\n`);
      },
    );
    const aApp = summarize(access.a).p50;
    const aPlain = summarize(access.b).p50;
    figures.push(timeFigure('dsr_access_export_p50_ms', aApp, { label: 'collect + write on plain files', value: aPlain }, { target: { op: '<=', value: 1000 } }));
    figures.push(ratioFigure('dsr_access_export_ratio', aApp, aPlain));

    // Erasure: rows out of both databases, then VACUUM and a truncating checkpoint of both. The
    // plain baseline is VACUUM + checkpoint of the same-size plain copies, the part that grows with the data.
    // The main connection checkpoints only after calls (db/wal-checkpointer.ts): the seed is still
    // in the WAL, so move it into the files before measuring them.
    for (const db of [stores.customers, stores.contests]) db.pragma('wal_checkpoint(TRUNCATE)');
    const custMb = fileMb(path.join(b.dataDir, 'customers.db'));
    const contMb = fileMb(path.join(b.dataDir, 'contests.db'));
    const eraseApp: number[] = [];
    const erasePlain: number[] = [];
    const reps = quick ? 2 : 4;
    for (let r = 1; r <= reps; r++) {
      const email = `subject${r + 1}@example.com`;
      eraseApp.push(
        await timeAsync(() => b.must(manager.conn, 'dsr.erase', { email, confirmEmail: email, requestMethod: 'email_request', reference: `BENCH-E${r}` })),
      );
      erasePlain.push(
        timeSync(() => {
          for (const db of [plain.customers, plain.contests]) {
            db.exec('VACUUM');
            db.pragma('wal_checkpoint(TRUNCATE)');
          }
        }),
      );
      log(`erase ${r}: app ${eraseApp[r - 1]!.toFixed(0)} ms, plain vacuum ${erasePlain[r - 1]!.toFixed(0)} ms`);
    }
    const eApp = summarize(eraseApp).p50;
    const ePlain = summarize(erasePlain).p50;
    figures.push(
      timeFigure('dsr_erase_p50_ms', eApp, { label: 'VACUUM + checkpoint of plain copies', value: ePlain }, { note: `customers.db ${custMb.toFixed(1)} MB, contests.db ${contMb.toFixed(1)} MB`, target: { op: '<=', value: 10_000 } }),
    );
    figures.push(ratioFigure('dsr_erase_ratio', eApp, ePlain));
    figures.push(plainFigure('dsr_store_mb', custMb + contMb, 'MB'));

    // A lead saved through dispatch (validation, permission evidence, audit row, durable commit) against one plain durable insert.
    const leadInsert = plain.customers.prepare(
      `INSERT INTO leads (name, phone, phone_digits, email, email_norm, status, created_at, created_by, updated_at,
         perm_obtained_by_name, perm_obtained_at, perm_method, perm_script_version, perm_script_sha256, perm_confirmation, perm_recorded_at, perm_recorded_by)
       VALUES ('Bench Lead', '+358 40 123 4567', '358401234567', 'bench@example.com', 'bench@example.com', 'open', ?, ?, ?, 'Bench', ?, 'call', 'TM-2026-01', ?, 'Yes', ?, ?)`,
    );
    const leads = await interleaved(
      { warmup: 5, iterations: quick ? 40 : 200, yieldBetween: true },
      (i) =>
        b.must(office.conn, 'leads.create', {
          name: `Bench Lead ${i}`,
          phone: '+358 40 123 4567',
          email: `bench${i}@example.com`,
          permission: { obtainedBySelf: true, obtainedAt: '2026-11-25T10:00:00Z', method: 'call', scriptVersion: 'TM-2026-01', prospectConfirmed: true, confirmation: 'Yes' },
        }),
      () => plain.customers.transaction(() => leadInsert.run(AT, manager.id, AT, AT, HASH, AT, manager.id)).immediate(),
    );
    const lApp = summarize(leads.a);
    const lPlain = summarize(leads.b);
    figures.push(timeFigure('lead_create_p50_ms', lApp.p50, { label: 'plain durable insert', value: lPlain.p50 }, { target: { op: '<=', value: 5 } }));
    figures.push(timeFigure('lead_create_p99_ms', lApp.p99, { label: 'plain durable insert', value: lPlain.p99 }));

    plain.customers.close();
    plain.contests.close();
    await b.close();
    return figures;
  },
};

export default dsr;
