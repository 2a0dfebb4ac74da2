import type { Database } from 'better-sqlite3-multiple-ciphers';
import { perConnection } from '../db/statements';
import type { ImportRowView } from '../../shared/contract/optouts';
import { ACCOUNT_LIST, ALL_LISTS_MASK, LIST_BIT, LISTS, listsIn, METHOD_OF_REASON, type MailingList, type OptOutReason } from '../../shared/customers-lists';
import type { AccountState } from '../accounts/accounts-repo';
import { insertConsentEvent } from '../accounts/consent-repo';
import { addSuppression } from '../accounts/suppression';
import { withdrawMailOf } from '../outbox/outbox-repo';
import { shareCancellation } from '../replica/accounts';

/** One opt-out request, from the opt-out screen or one row of an import. */
export interface OptOutRequest {
  /** HMAC of the normalised email with the suppression key. */
  hmac: Buffer;
  /** LIST_BIT bits of the lists asked for. */
  asked: number;
  reason: OptOutReason;
  requestedOn: string;
  note: string | null;
}

/** What a request does to one account state (null: no account has the address). */
export interface OptOutDecision {
  /** Bits of the lists the account leaves now. */
  leave: number;
  cancels: boolean;
  /** Bits to put on the suppression list: the lists asked for, or all three when the account is cancelled. */
  suppress: number;
}

/**
 * The rules of policy 3b:
 * - leaving technical advisories cancels an active account: all three lists are left, the
 *   account is cancelled with reason and time, and every list is suppressed;
 * - leaving another list records a withdrawal event for it, if it was subscribed;
 * - every list asked for goes on the suppression list (also for unknown addresses);
 * - anything already in effect is left alone, which is what makes a repeated import a no-op.
 */
export function decide(account: Pick<AccountState, 'status' | 'lists'> | null, asked: number): OptOutDecision {
  const cancels = account !== null && account.status === 'active' && (asked & LIST_BIT[ACCOUNT_LIST]) !== 0;
  const lists = cancels ? ALL_LISTS_MASK : asked;
  return { leave: account ? account.lists & lists : 0, cancels, suppress: lists };
}

export const effectOf = (d: OptOutDecision, suppressionAdded: boolean): ImportRowView['effect'] =>
  d.cancels ? 'cancel_account' : d.leave !== 0 ? 'unsubscribe' : suppressionAdded ? 'suppress' : 'no_change';

export interface WriteEnv {
  at: string;
  staffId: number | null;
  device: string;
  importId?: number | null;
}

const prepared = perConnection((db) => ({
  // Compare-and-set: the state must still be the one the decision was made on.
  setLists: db.prepare('UPDATE account_state SET lists = ? WHERE account_id = ? AND status = ? AND lists = ?'),
  cancel: db.prepare(
    "UPDATE account_state SET status = 'cancelled', lists = 0, cancelled_at = ?, cancel_reason = ?, cancel_note = ? WHERE account_id = ? AND status = 'active' AND lists = ?",
  ),
  stateById: db.prepare('SELECT account_id AS id, status, lists FROM account_state WHERE account_id = ?'),
}));

export function accountStateById(db: Database, id: number): AccountState | null {
  return (prepared(db).stateById.get(id) as AccountState | undefined) ?? null;
}

/**
 * Writes what a decision does to the account: its state, and a withdrawal event per list left.
 * False when the account's state is no longer the one decided on: nothing was written; read it
 * again and decide again. Call inside the caller's write transaction, with addOptOutSuppression.
 */
export function writeAccountChange(db: Database, env: WriteEnv, account: AccountState | null, req: OptOutRequest, d: OptOutDecision): boolean {
  if (account === null || (d.leave === 0 && !d.cancels)) return true;
  const s = prepared(db);
  const changed = d.cancels
    ? s.cancel.run(env.at, req.reason, req.note, account.id, account.lists).changes
    : s.setLists.run(account.lists & ~d.leave, account.id, account.status, account.lists).changes;
  if (changed !== 1) return false;
  // Mail about an account that no longer exists for the customer must not reach them.
  if (d.cancels) {
    withdrawMailOf(db, account.id, 'account_cancelled', env.at);
    shareCancellation(db, account.id, env.at, req.reason, req.note);
  }
  for (const list of LISTS) {
    const bit = LIST_BIT[list];
    if ((d.leave & bit) === 0) continue;
    insertConsentEvent(db, {
      accountId: account.id,
      list,
      action: 'unsubscribe',
      method: METHOD_OF_REASON[req.reason],
      reason: req.reason,
      cause: (req.asked & bit) !== 0 ? 'direct' : 'account_cancelled',
      note: req.note,
      requestedOn: req.requestedOn,
      at: env.at,
      staffId: env.staffId,
      device: env.device,
      importId: env.importId ?? null,
    });
  }
  return true;
}

/** Puts the decision's lists on the suppression list for the address. True when any was new. */
export const addOptOutSuppression = (db: Database, env: WriteEnv, req: OptOutRequest, d: OptOutDecision): boolean =>
  addSuppression(db, req.hmac, d.suppress, { reason: req.reason, requestedOn: req.requestedOn, at: env.at, staffId: env.staffId, importId: env.importId ?? null });

/** The lists a decision leaves, keeps as already left, and adds to suppression, for people to read. */
export function describe(account: AccountState | null, req: OptOutRequest, d: OptOutDecision, suppressedBefore: number) {
  return {
    accountId: account?.id ?? null,
    cancelled: d.cancels,
    unsubscribed: listsIn(d.leave),
    alreadyUnsubscribed: account ? listsIn(req.asked & ~d.leave) : ([] as MailingList[]),
    suppressed: listsIn(d.suppress & ~suppressedBefore),
  };
}
