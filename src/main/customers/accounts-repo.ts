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

const SELECT = `SELECT a.id, a.name, a.email, a.email_norm, a.product_id, p.name AS product_name, a.status, a.created_at, a.created_by,
                       a.cancelled_at, a.cancel_reason, a.cancel_note
                  FROM accounts a JOIN products p ON p.id = a.product_id`;

export const toSummary = (r: AccountRow): AccountSummary => ({
  id: r.id,
  name: r.name,
  email: r.email,
  status: r.status,
  productName: r.product_name,
  createdAt: r.created_at,
});

const stmts = new WeakMap<Database, { byEmail: Statement; byId: Statement; idByEmail: Statement; idOnly: Statement; status: Statement; cancel: Statement }>();
function prepared(db: Database) {
  let s = stmts.get(db);
  if (!s) {
    s = {
      byEmail: db.prepare(`${SELECT} WHERE a.email_norm = ?`),
      byId: db.prepare(`${SELECT} WHERE a.id = ?`),
      idByEmail: db.prepare('SELECT id, status FROM accounts WHERE email_norm = ?'),
      // Answered from the email index alone, without reading the table row.
      idOnly: db.prepare('SELECT id FROM accounts WHERE email_norm = ?').pluck(),
      status: db.prepare('SELECT status FROM accounts WHERE id = ?').pluck(),
      cancel: db.prepare("UPDATE accounts SET status = 'cancelled', cancelled_at = ?, cancel_reason = ?, cancel_note = ? WHERE id = ? AND status = 'active'"),
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

/** The cheap lookup of the import path: id and status only. `emailNorm` must already be normalised. */
export function accountIdByEmailNorm(db: Database, emailNorm: string): { id: number; status: AccountStatus } | null {
  return (prepared(db).idByEmail.get(emailNorm) as { id: number; status: AccountStatus } | undefined) ?? null;
}

/** The hot path of imports: the id only (the email index covers it). `emailNorm` must already be normalised. */
export function accountIdOf(db: Database, emailNorm: string): number | null {
  return (prepared(db).idOnly.get(emailNorm) as number | undefined) ?? null;
}

export function accountStatus(db: Database, id: number): AccountStatus | null {
  return (prepared(db).status.get(id) as AccountStatus | undefined) ?? null;
}

export function insertAccount(db: Database, a: { name: string; email: string; productId: number; at: string; staffId: number | null }): number {
  return Number(
    db
      .prepare("INSERT INTO accounts (name, email, email_norm, product_id, status, created_at, created_by) VALUES (?, ?, ?, ?, 'active', ?, ?)")
      .run(a.name, a.email, normaliseEmail(a.email), a.productId, a.at, a.staffId).lastInsertRowid,
  );
}

/** A cancelled account comes back only through a new registration; its details are taken afresh. */
export function reopenAccount(db: Database, id: number, a: { name: string; email: string; productId: number }): void {
  db.prepare(
    "UPDATE accounts SET name = ?, email = ?, product_id = ?, status = 'active', cancelled_at = NULL, cancel_reason = NULL, cancel_note = NULL WHERE id = ? AND status = 'cancelled'",
  ).run(a.name, a.email, a.productId, id);
}

export function cancelAccountRow(db: Database, id: number, c: { at: string; reason: OptOutReason; note: string | null }): boolean {
  return prepared(db).cancel.run(c.at, c.reason, c.note, id).changes > 0;
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
