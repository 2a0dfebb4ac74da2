import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { BenchFigure, BenchModule } from './types';
import { listEntries } from '../src/main/entries/repo';
import { searchAccounts } from '../src/main/accounts/accounts-repo';
import { signInAs, startBenchCore } from './support/core';
import { timeFigure } from './support/figures';
import { summarize } from './support/stats';
import { timeSync } from './support/timing';

/**
 * Search: account_search_p99_ms over 1M accounts and entry_search_p99_ms over 1M
 * entries of one event, each a mix of the ways staff type: a surname without its diacritics, in
 * capitals, a first name and surname, a fragment of a name, of an email, an account number.
 * Names are Finnish, with ä, ö and å. Baseline, same store and same queries: the plain
 * case-sensitive LIKE '%q%' scan the app used before (which missed most of them).
 */

const FIRST = ['Matti', 'Liisa', 'Juha', 'Päivi', 'Jyrki', 'Sirpa', 'Tuomas', 'Äijö', 'Riikka', 'Ville', 'Sari', 'Mikko', 'Hannele', 'Jörn', 'Aino', 'Eero'];
const LAST = ['Mäkinen', 'Virtanen', 'Korhonen', 'Nieminen', 'Hämäläinen', 'Laine', 'Järvinen', 'Lehtonen', 'Heikkinen', 'Äijälä', 'Öhman', 'Åström', 'Kärkkäinen', 'Salminen', 'Jääskeläinen', 'Lindqvist'];

/** A deterministic name per row: 256 common name pairs, one in 100 rows with a rare numbered surname. */
function personName(i: number): string {
  const first = FIRST[(i * 7) % FIRST.length]!;
  const last = i % 100 === 0 ? `${LAST[i % LAST.length]!}-Rare${i}` : LAST[(i * 13 + (i >> 4)) % LAST.length]!;
  return `${first} ${last}`;
}

function queries(n: number): string[] {
  const at = (k: number) => Math.max(1, Math.floor((k * 7919) % n));
  const out: string[] = [];
  for (let k = 0; k < 200; k++) {
    const i = at(k + 1);
    switch (k % 8) {
      case 0: out.push('makinen'); break;
      case 1: out.push('HÄMÄLÄINEN'); break;
      case 2: out.push(personName(i)); break;
      case 3: out.push(`Rare${Math.floor(i / 100) * 100 || 100}`); break;
      case 4: out.push(`person${i}@`); break;
      case 5: out.push(`#${i}`); break;
      case 6: out.push('jääske'); break;
      default: out.push(`${FIRST[k % FIRST.length]!.slice(0, 4)}`);
    }
  }
  return out;
}

function seedAccounts(db: Database, n: number, productId: number, staffId: number): void {
  const account = db.prepare("INSERT INTO accounts (id, name, email, email_norm, product_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, '2026-11-26T09:00:00.000Z', ?)");
  const state = db.prepare("INSERT INTO account_state (account_id, status, lists) VALUES (?, 'active', 3)");
  db.transaction(() => {
    for (let i = 1; i <= n; i++) {
      const email = `person${i}@example.com`;
      account.run(i, personName(i), email, email, productId, staffId);
      state.run(i);
    }
  }).immediate();
}

function seedEntries(db: Database, n: number, eventId: number, rulesId: number, noticeId: number, staffId: number): void {
  const insert = db.prepare(
    `INSERT INTO entries (uuid, event_id, captured_at, local_hour, staff_id, device, name, email, email_norm, phone, phone_norm, address, title, company, answers, rules_text_id, notice_text_id, marketing_consent)
     VALUES (?, ?, '2026-11-26T09:00:00.000Z', '2026-11-26 11', ?, 'bench', ?, ?, ?, ?, ?, '', '', 'Seed Oy', '{}', ?, ?, 0)`,
  );
  db.transaction(() => {
    for (let i = 1; i <= n; i++) {
      const email = `person${i}@example.com`;
      insert.run(`00000000-0000-7000-8000-${String(i).padStart(12, '0')}`, eventId, staffId, personName(i), email, email, `+358 40 ${i}`, `+35840${i}`, rulesId, noticeId);
    }
  }).immediate();
}

function measure(qs: readonly string[], fn: (q: string) => unknown): number[] {
  for (const q of qs.slice(0, 20)) fn(q);
  return qs.map((q) => timeSync(() => fn(q)));
}

const search: BenchModule = {
  title: 'Search: accounts and entries (FTS5 trigram, folded)',
  async run({ quick, log }) {
    const n = quick ? 100_000 : 1_000_000;
    const b = await startBenchCore();
    try {
      const office = await signInAs(b, 'office', 'office_staff');
      await signInAs(b, 'manager', 'manager');
      const product = await b.must('admin', 'products.create', { name: 'IXO Call Pro' });
      const customers = b.core.stores!.customers;
      const contests = b.core.stores!.contests;
      // Created before seeding: at full size the seeding outlasts the idle lock of the sessions.
      const ev = await b.must('manager', 'events.create', { name: 'Bench Fair', startsOn: '2026-11-26', endsOn: '2026-11-27', location: 'Hall', acceptDuplicates: true, rulesText: { fi: 'Rules.', en: 'Rules.' }, noticeText: { fi: 'Notice.', en: 'Notice.' } });
      log(`seeding ${n} accounts: ${timeSync(() => seedAccounts(customers, n, product.id, office.id)).toFixed(0)} ms (index kept by triggers)`);
      const texts = contests.prepare('SELECT kind, id FROM event_texts WHERE event_id = ?').all(ev.id) as { kind: string; id: number }[];
      const textId = (k: string) => texts.find((x) => x.kind === k)!.id;
      log(`seeding ${n} entries: ${timeSync(() => seedEntries(contests, n, ev.id, textId('rules'), textId('notice'), office.id)).toFixed(0)} ms`);
      customers.pragma('wal_checkpoint(TRUNCATE)');
      contests.pragma('wal_checkpoint(TRUNCATE)');

      const qs = queries(n);
      const likeAccounts = customers.prepare("SELECT a.id FROM accounts a JOIN account_state s ON s.account_id = a.id WHERE a.name LIKE ? ESCAPE '\\' LIMIT 50");
      const likeEntries = contests.prepare("SELECT id FROM entries WHERE event_id = ? AND (lower(name) LIKE ? OR email_norm LIKE ?) ORDER BY id DESC LIMIT 50");
      const acc = summarize(measure(qs, (q) => searchAccounts(customers, q, 50)));
      const accPlain = summarize(measure(qs, (q) => likeAccounts.all(`%${q}%`)));
      const ent = summarize(measure(qs, (q) => listEntries(contests, { eventId: ev.id, search: q, duplicates: 'all', consent: 'all', limit: 50, offset: 0, sort: 'created_desc' })));
      const entPlain = summarize(measure(qs, (q) => likeEntries.all(ev.id, `%${q.toLowerCase()}%`, `%${q.toLowerCase()}%`)));
      log(`accounts: p50 ${acc.p50.toFixed(2)} ms, p99 ${acc.p99.toFixed(2)} ms; LIKE scan p50 ${accPlain.p50.toFixed(2)}, p99 ${accPlain.p99.toFixed(2)} ms`);
      log(`entries: p50 ${ent.p50.toFixed(2)} ms, p99 ${ent.p99.toFixed(2)} ms; LIKE scan p50 ${entPlain.p50.toFixed(2)}, p99 ${entPlain.p99.toFixed(2)} ms`);
      const figures: BenchFigure[] = [
        timeFigure('account_search_p99_ms', acc.p99, { label: 'plain LIKE scan p99', value: accPlain.p99 }, { target: { op: '<=', value: 10 }, note: `${n} accounts, 200 mixed queries (folded surname, capitals, full name, rare name, email fragment, account number, prefix), top 50 ranked` }),
        timeFigure('account_search_p50_ms', acc.p50, { label: 'plain LIKE scan p50', value: accPlain.p50 }),
        timeFigure('entry_search_p99_ms', ent.p99, { label: 'plain LIKE scan p99', value: entPlain.p99 }, { target: { op: '<=', value: 10 }, note: `${n} entries in one event, the same queries, first page of 50 with its total` }),
        timeFigure('entry_search_p50_ms', ent.p50, { label: 'plain LIKE scan p50', value: entPlain.p50 }),
      ];
      return figures;
    } finally {
      await b.close();
    }
  },
};

export default search;
