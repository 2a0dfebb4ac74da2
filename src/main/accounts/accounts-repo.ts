import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { AccountSummary } from '../../shared/contract/customers';
import type { AccountStatus, OptOutReason } from '../../shared/customers-lists';
import type { Language } from '../../shared/i18n';
import { normaliseEmail } from '../../shared/email';
import { stmt } from '../db/statements';
import { ftsQuery, matchTier, rankHits } from '../search/fts';
import { newAccountNumber } from '../replica/accounts';
import { accountIdByMergedNumber } from '../replica/merges';
import { uuidV7 } from '../../shared/uuid7';

export interface AccountRow {
  id: number;
  /** The account number people read out (replica/accounts.ts); null only on rows written outside insertAccount. */
  number: string | null;
  name: string;
  email: string;
  email_norm: string;
  product_id: number;
  product_name: string;
  status: AccountStatus;
  created_at: string;
  created_by: number | null;
  cancelled_at: string | null;
  cancel_reason: OptOutReason | null;
  cancel_note: string | null;
  language: Language;
}

const SELECT = `SELECT a.id, a.number, a.name, a.email, a.email_norm, a.product_id, p.name AS product_name, s.status, a.created_at, a.created_by,
                       s.cancelled_at, s.cancel_reason, s.cancel_note, a.language
                  FROM accounts a JOIN account_state s ON s.account_id = a.id JOIN products p ON p.id = a.product_id`;

export const toSummary = (r: AccountRow): AccountSummary => ({
  id: r.id,
  number: r.number ?? String(r.id),
  name: r.name,
  email: r.email,
  status: r.status,
  productName: r.product_name,
  createdAt: r.created_at,
});

/** What an opt-out needs to know about an account. lists: LIST_BIT bits of the lists it is on. */
export interface AccountState {
  id: number;
  status: AccountStatus;
  lists: number;
}

const stmts = new WeakMap<
  Database,
  { byEmail: Statement; byId: Statement; stateByEmail: Statement; insertState: Statement }
>();
function prepared(db: Database) {
  let s = stmts.get(db);
  if (!s) {
    s = {
      byEmail: db.prepare(`${SELECT} WHERE a.email_norm = ?`),
      byId: db.prepare(`${SELECT} WHERE a.id = ?`),
      // The email index answers the id without reading the wide accounts row.
      stateByEmail: db.prepare('SELECT a.id, s.status, s.lists FROM accounts a JOIN account_state s ON s.account_id = a.id WHERE a.email_norm = ?'),
      insertState: db.prepare("INSERT INTO account_state (account_id, status, lists) VALUES (?, 'active', 0)"),
    };
    stmts.set(db, s);
  }
  return s;
}

export function findAccount(db: Database, id: number): AccountRow | null {
  return (prepared(db).byId.get(id) as AccountRow | undefined) ?? null;
}

/** By the normal form of the address; pass the address as typed or already normalised. */
export function findAccountByEmail(db: Database, email: string): AccountRow | null {
  return (prepared(db).byEmail.get(normaliseEmail(email)) as AccountRow | undefined) ?? null;
}

/** The hot path of opt-outs: id, status and lists. `emailNorm` must already be normalised. */
export function accountStateByEmailNorm(db: Database, emailNorm: string): AccountState | null {
  return (prepared(db).stateByEmail.get(emailNorm) as AccountState | undefined) ?? null;
}

/** A new active account on no list yet; its consent events put it on lists. Its global id and number are given here. */
export function insertAccount(db: Database, a: { name: string; email: string; productId: number; language: Language; at: string; staffId: number | null }): number {
  const id = Number(
    db
      .prepare('INSERT INTO accounts (gid, name, email, email_norm, product_id, language, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(uuidV7(Date.parse(a.at)), a.name, a.email, normaliseEmail(a.email), a.productId, a.language, a.at, a.staffId).lastInsertRowid,
  );
  stmt(db, 'UPDATE accounts SET number = ? WHERE id = ?').run(newAccountNumber(db, id), id);
  prepared(db).insertState.run(id);
  return id;
}

/** By the number as people read it out; the number of an account merged into another finds the kept one. */
export function findAccountByNumber(db: Database, number: string): AccountRow | null {
  const own = stmt<[string], AccountRow>(db, `${SELECT} WHERE a.number = ?`).get(number);
  if (own) return own;
  const merged = accountIdByMergedNumber(db, number);
  return merged === null ? null : findAccount(db, merged);
}

/** A cancelled account comes back only through a new registration, as a new opening; its details are taken afresh. */
export function reopenAccount(db: Database, id: number, a: { name: string; email: string; productId: number; language: Language }): void {
  const reopened = db
    .prepare("UPDATE account_state SET status = 'active', opened = opened + 1, cancelled_at = NULL, cancel_reason = NULL, cancel_note = NULL WHERE account_id = ? AND status = 'cancelled'")
    .run(id).changes;
  if (reopened !== 1) throw new Error(`account ${id} is not cancelled`);
  db.prepare('UPDATE accounts SET name = ?, email = ?, product_id = ?, language = ? WHERE id = ?').run(a.name, a.email, a.productId, a.language, id);
}

/** Erasure: the account row keeps no personal data; the state row loses its free-text note. */
export function markErased(db: Database, id: number, at: string): void {
  db.prepare('UPDATE accounts SET name = NULL, email = NULL, email_norm = NULL, erased_at = coalesce(erased_at, ?) WHERE id = ?').run(at, id);
  db.prepare("UPDATE account_state SET status = 'erased', cancel_note = NULL WHERE account_id = ?").run(id);
}

/** How many index hits are ranked before the best `limit` are kept. */
const SEARCH_CANDIDATES = 200;

/**
 * Search by account number (as shown: digits or `<device>-<digits>`, optionally with '#'), email (exact, or the start of the
 * address) or any part of the name or email of three or more characters, case and diacritics
 * folded (search/fts.ts). Exact matches come first, then matches at the start of a word.
 */
export function searchAccounts(db: Database, query: string, limit = 50): AccountRow[] {
  const q = query.trim();
  const hits = new Map<number, { row: AccountRow; tier: number }>();
  const add = (rows: AccountRow[], tier?: number) => {
    for (const r of rows) if (!hits.has(r.id) && r.status !== 'erased') hits.set(r.id, { row: r, tier: tier ?? matchTier(q, [r.name, r.email_norm]) });
  };
  const numberMatch = /^#?(\d{1,4}\s*-\s*\d{1,15}|\d{1,15})$/.exec(q);
  if (numberMatch) {
    const r = findAccountByNumber(db, numberMatch[1]!.replace(/\s/g, ''));
    if (r) add([r], 0);
  }
  const norm = normaliseEmail(q);
  const exact = findAccountByEmail(db, norm);
  if (exact) add([exact], 0);
  // Prefix range on the unique index: everything starting with the typed text.
  add(stmt<[string, string, number], AccountRow>(db, `${SELECT} WHERE a.email_norm >= ? AND a.email_norm < ? ORDER BY a.email_norm LIMIT ?`).all(norm, `${norm}\u{10ffff}`, limit));
  const match = ftsQuery(q, ['name', 'email_norm']);
  if (match) {
    // The first candidates in index order, ranked here: ordering every match by bm25 costs a full
    // pass over common names (tens of thousands of rows), the limit lets the index stop early.
    add(stmt<[string, number], AccountRow>(db, `${SELECT} JOIN (SELECT rowid AS hit FROM accounts_fts WHERE accounts_fts MATCH ? LIMIT ?) f ON f.hit = a.id`).all(match, SEARCH_CANDIDATES));
  }
  return rankHits([...hits.values()], (h) => h.tier)
    .slice(0, limit)
    .map((h) => h.row);
}
