import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ACCOUNT_STATUSES, type AccountStatus } from '../../shared/customers-lists';
import { accountStateByEmailNorm, type AccountState } from '../customers/accounts-repo';
import type { ImportRow } from './import-file';
import type { EmailHasher } from './suppression';

const HMAC_BYTES = 32;

/**
 * What was read for each valid row of an import file: the account state (as stored, before any
 * row of the file is applied) and the keyed hash. The preview builds it; the apply that follows
 * uses it instead of reading everything again, and checks it inside each write transaction.
 * Typed arrays, so it crosses threads as a few buffers rather than 200,000 objects.
 */
export interface ImportPlan {
  sha256: string;
  rows: number;
  /** The newest account id when it was read: an account registered since is looked up again. */
  accountsUpTo: number;
  /** 0 where no account has the address. */
  accountIds: Float64Array;
  /** Index into ACCOUNT_STATUSES. */
  statuses: Uint8Array;
  lists: Uint8Array;
  hmacs: Uint8Array;
}

export function newPlan(db: Database, sha256: string, rows: number): ImportPlan {
  return {
    sha256,
    rows,
    accountsUpTo: newestAccountId(db),
    accountIds: new Float64Array(rows),
    statuses: new Uint8Array(rows),
    lists: new Uint8Array(rows),
    hmacs: new Uint8Array(rows * HMAC_BYTES),
  };
}

/**
 * Reads rows [from, to) into the plan, in the caller's read transaction (the same one as newPlan).
 * `each` sees every row's stored state and hash as it is read.
 */
export function readRows(
  db: Database,
  plan: ImportPlan,
  rows: readonly ImportRow[],
  hash: EmailHasher,
  from: number,
  to: number,
  each?: (i: number, account: AccountState | null, hmac: Buffer) => void,
): void {
  for (let i = from; i < to; i++) {
    const emailNorm = rows[i]!.emailNorm;
    const account = accountStateByEmailNorm(db, emailNorm);
    const hmac = hash(emailNorm);
    if (account) {
      plan.accountIds[i] = account.id;
      plan.statuses[i] = ACCOUNT_STATUSES.indexOf(account.status);
      plan.lists[i] = account.lists;
    }
    plan.hmacs.set(hmac, i * HMAC_BYTES);
    each?.(i, account, hmac);
  }
}

export const newestAccountId = (db: Database): number => (db.prepare('SELECT max(id) FROM accounts').pluck().get() as number | null) ?? 0;

export function planAccount(plan: ImportPlan, i: number): AccountState | null {
  const id = plan.accountIds[i]!;
  return id === 0 ? null : { id, status: ACCOUNT_STATUSES[plan.statuses[i]!] as AccountStatus, lists: plan.lists[i]! };
}

/** A view into the plan's buffer, not a copy. */
export const planHmac = (plan: ImportPlan, i: number): Buffer => Buffer.from(plan.hmacs.buffer, plan.hmacs.byteOffset + i * HMAC_BYTES, HMAC_BYTES);

/** True when the plan was read for exactly these rows. */
export const planFits = (plan: ImportPlan | undefined, sha256: string, rows: number): plan is ImportPlan => plan !== undefined && plan.sha256 === sha256 && plan.rows === rows;
