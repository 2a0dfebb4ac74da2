import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { AccountSummary } from '../../shared/contract/customers';
import type { AccountStatus, OptOutReason } from '../../shared/customers-lists';
import { normaliseEmail } from '../../shared/email';

export interface AccountRow {
  id: number;
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
}

const SELECT = `SELECT a.id, a.name, a.email, a.email_norm, a.product_id, p.name AS product_name, s.status, a.created_at, a.created_by,
                       s.cancelled_at, s.cancel_reason, s.cancel_note
                  FROM accounts a JOIN account_state s ON s.account_id = a.id JOIN products p ON p.id = a.product_id`;

export const toSummary = (r: AccountRow): AccountSummary => ({
  id: r.id,
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

/** A new active account on no list yet; its consent events put it on lists. */
export function insertAccount(db: Database, a: { name: string; email: string; productId: number; at: string; staffId: number | null }): number {
  const id = Number(
    db
      .prepare('INSERT INTO accounts (name, email, email_norm, product_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)')
      .run(a.name, a.email, normaliseEmail(a.email), a.productId, a.at, a.staffId).lastInsertRowid,
  );
  prepared(db).insertState.run(id);
  return id;
}

/** A cancelled account comes back only through a new registration; its details are taken afresh. */
export function reopenAccount(db: Database, id: number, a: { name: string; email: string; productId: number }): void {
  const reopened = db
    .prepare("UPDATE account_state SET status = 'active', cancelled_at = NULL, cancel_reason = NULL, cancel_note = NULL WHERE account_id = ? AND status = 'cancelled'")
    .run(id).changes;
  if (reopened !== 1) throw new Error(`account ${id} is not cancelled`);
  db.prepare('UPDATE accounts SET name = ?, email = ?, product_id = ? WHERE id = ?').run(a.name, a.email, a.productId, id);
}

/** Erasure: the account row keeps no personal data; the state row loses its free-text note. */
export function markErased(db: Database, id: number, at: string): void {
  db.prepare('UPDATE accounts SET name = NULL, email = NULL, email_norm = NULL, erased_at = coalesce(erased_at, ?) WHERE id = ?').run(at, id);
  db.prepare("UPDATE account_state SET status = 'erased', cancel_note = NULL WHERE account_id = ?").run(id);
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Search by account id (digits, optionally with '#'), email (prefix of the normal form) or name
 * (contains, case-insensitive). Exact hits come first.
 */
export function searchAccounts(db: Database, query: string, limit = 50): AccountRow[] {
  const q = query.trim();
  const out = new Map<number, AccountRow>();
  const add = (rows: AccountRow[]) => {
    for (const r of rows) if (out.size < limit && !out.has(r.id)) out.set(r.id, r);
  };
  const idMatch = /^#?(\d{1,15})$/.exec(q);
  if (idMatch) {
    const r = findAccount(db, Number(idMatch[1]));
    if (r) add([r]);
  }
  const norm = normaliseEmail(q);
  const exact = findAccountByEmail(db, norm);
  if (exact) add([exact]);
  // Prefix range on the unique index: everything starting with the typed text.
  add(db.prepare(`${SELECT} WHERE a.email_norm >= ? AND a.email_norm < ? ORDER BY a.email_norm LIMIT ?`).all(norm, `${norm}\u{10ffff}`, limit) as AccountRow[]);
  if (!q.includes('@')) {
    add(db.prepare(`${SELECT} WHERE a.name LIKE ? ESCAPE '\\' ORDER BY a.name COLLATE NOCASE, a.id LIMIT ?`).all(`%${likeEscape(q)}%`, limit) as AccountRow[]);
  }
  return [...out.values()].filter((r) => r.status !== 'erased');
}
