import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AccountStatus } from '../../shared/customers-lists';
import { normaliseEmail } from '../../shared/email';
import { appError } from '../../shared/errors';

/**
 * The few reads of the accounts table (owned by src/main/customers, migration 002) that the
 * restricted records need: which account a note or a billing profile belongs to, and who a data
 * subject is. Deliberately minimal: notes and billing never read more of the account than this.
 */

export interface AccountRef {
  id: number;
  /** Null only for an erased account (a tombstone). */
  name: string | null;
  email: string | null;
  status: AccountStatus;
}

export function findAccountRef(db: Database, id: number): AccountRef | null {
  return (db.prepare('SELECT a.id, a.name, a.email, s.status FROM accounts a JOIN account_state s ON s.account_id = a.id WHERE a.id = ?').get(id) as AccountRef | undefined) ?? null;
}

export function findAccountRefByEmail(db: Database, email: string): AccountRef | null {
  return (db.prepare('SELECT a.id, a.name, a.email, s.status FROM accounts a JOIN account_state s ON s.account_id = a.id WHERE a.email_norm = ?').get(normaliseEmail(email)) as AccountRef | undefined) ?? null;
}

/** An account that still holds a person's data (not erased). */
export function mustFindLiveAccount(db: Database, id: number): AccountRef & { name: string; email: string } {
  const account = findAccountRef(db, id);
  if (!account) throw appError('accounts.not_found', { accountId: null });
  if (account.status === 'erased' || account.name === null || account.email === null) {
    throw appError('accounts.erased');
  }
  return account as AccountRef & { name: string; email: string };
}

/**
 * A live account that is also open: a cancelled account takes no billing details, notes or
 * opt-outs. It comes back only through a new registration.
 */
export function mustFindOpenAccount(db: Database, id: number): AccountRef & { name: string; email: string } {
  const account = mustFindLiveAccount(db, id);
  if (account.status === 'cancelled') throw closedAccountError(id);
  return account;
}

export function closedAccountError(id: number) {
  return appError('accounts.closed', { accountId: id });
}
