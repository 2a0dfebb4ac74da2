import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ImportRowView } from '../../shared/contract/optouts';
import { ACCOUNT_LIST, LISTS, METHOD_OF_REASON, type AccountStatus, type MailingList, type OptOutReason } from '../../shared/customers-lists';
import { accountIdOf, accountStatus, cancelAccountRow } from '../customers/accounts-repo';
import { isSubscribed, recordConsent } from '../customers/consent-repo';
import { addSuppression, isSuppressed } from './suppression';

/** One opt-out request, from the opt-out screen or one row of an import. */
export interface OptOutRequest {
  /** Already normalised (src/shared/email.ts). */
  emailNorm: string;
  /** HMAC of emailNorm with the suppression key. */
  hmac: Buffer;
  lists: readonly MailingList[];
  reason: OptOutReason;
  requestedOn: string;
  note: string | null;
  /**
   * The account id when the caller already looked it up (imports do, to order their work). An id
   * found once stays that address's account; null or undefined means "look it up now", so an
   * account registered since the caller looked is still found.
   */
  accountId?: number | null;
}

export interface OptOutOutcome {
  accountId: number | null;
  cancelled: boolean;
  unsubscribed: MailingList[];
  alreadyUnsubscribed: MailingList[];
  suppressed: MailingList[];
  effect: ImportRowView['effect'];
}

/**
 * What an opt-out reads and writes. The database store writes for real inside the caller's
 * transaction; the preview store keeps the same answers in memory over a read-only connection,
 * so a preview and the apply that follows it run the very same rules.
 */
export interface OptOutStore {
  /** The account id for an address, or null. */
  account(emailNorm: string): number | null;
  /** Asked only when it matters (technical advisories), to keep the common row cheap. */
  active(accountId: number): boolean;
  subscribed(accountId: number, list: MailingList): boolean;
  unsubscribe(accountId: number, list: MailingList, req: OptOutRequest, cause: 'direct' | 'account_cancelled'): void;
  cancel(accountId: number, req: OptOutRequest): void;
  /** Adds the address to the suppression list for `list`; false when it was already there. */
  suppress(hmac: Buffer, list: MailingList, req: OptOutRequest): boolean;
}

/**
 * The rules of policy 3b for one request:
 * - leaving technical advisories cancels an active account: all three lists are left, the
 *   account is cancelled with reason and time, and every list is suppressed;
 * - leaving another list records a withdrawal event for it, if it was subscribed;
 * - every list asked for is added to the suppression list (also for unknown addresses);
 * - anything already in effect is left alone, which is what makes a repeated import a no-op.
 * Order of writes matters only for failure tests: events, then the account, then suppression.
 */
export function optOut(store: OptOutStore, req: OptOutRequest): OptOutOutcome {
  const accountId = req.accountId ?? store.account(req.emailNorm);
  const out: OptOutOutcome = { accountId, cancelled: false, unsubscribed: [], alreadyUnsubscribed: [], suppressed: [], effect: 'no_change' };
  const cancels = accountId !== null && req.lists.includes(ACCOUNT_LIST) && store.active(accountId);
  const lists: readonly MailingList[] = cancels ? LISTS : req.lists;

  if (accountId !== null) {
    // A cancelled account is on no list any more, so this finds nothing to leave for it.
    for (const list of lists) {
      if (store.subscribed(accountId, list)) {
        store.unsubscribe(accountId, list, req, req.lists.includes(list) ? 'direct' : 'account_cancelled');
        out.unsubscribed.push(list);
      } else if (req.lists.includes(list)) {
        out.alreadyUnsubscribed.push(list);
      }
    }
    if (cancels) {
      store.cancel(accountId, req);
      out.cancelled = true;
    }
  }

  for (const list of lists) if (store.suppress(req.hmac, list, req)) out.suppressed.push(list);
  out.effect = out.cancelled ? 'cancel_account' : out.unsubscribed.length > 0 ? 'unsubscribe' : out.suppressed.length > 0 ? 'suppress' : 'no_change';
  return out;
}

export interface WriteEnv {
  at: string;
  staffId: number | null;
  device: string;
  importId?: number | null;
}

/** Writes for real. Every call must run inside one write transaction of the caller. */
export function dbStore(db: Database, env: WriteEnv): OptOutStore {
  return {
    account: (emailNorm) => accountIdOf(db, emailNorm),
    active: (accountId) => accountStatus(db, accountId) === 'active',
    subscribed: (accountId, list) => isSubscribed(db, accountId, list),
    unsubscribe: (accountId, list, req, cause) => {
      recordConsent(db, {
        accountId,
        list,
        action: 'unsubscribe',
        method: METHOD_OF_REASON[req.reason],
        reason: req.reason,
        cause,
        note: req.note,
        requestedOn: req.requestedOn,
        at: env.at,
        staffId: env.staffId,
        device: env.device,
        importId: env.importId ?? null,
      });
    },
    cancel: (accountId, req) => {
      if (!cancelAccountRow(db, accountId, { at: env.at, reason: req.reason, note: req.note })) throw new Error(`account ${accountId} was not active`);
    },
    suppress: (hmac, list, req) =>
      addSuppression(db, hmac, list, { reason: req.reason, requestedOn: req.requestedOn, at: env.at, staffId: env.staffId, importId: env.importId ?? null }),
  };
}

/** Reads from the database, remembers its own would-be writes, writes nothing. */
export function previewStore(db: Database): OptOutStore {
  const status = new Map<number, AccountStatus>();
  const left = new Set<string>();
  const suppressedNow = new Set<string>();
  const key = (hmac: Buffer, list: MailingList) => `${hmac.toString('base64')}|${list}`;
  return {
    account: (emailNorm) => accountIdOf(db, emailNorm),
    active: (accountId) => (status.get(accountId) ?? accountStatus(db, accountId)) === 'active',
    subscribed: (accountId, list) => !left.has(`${accountId}|${list}`) && isSubscribed(db, accountId, list),
    unsubscribe: (accountId, list) => void left.add(`${accountId}|${list}`),
    cancel: (accountId) => void status.set(accountId, 'cancelled'),
    suppress: (hmac, list) => {
      const k = key(hmac, list);
      if (suppressedNow.has(k) || isSuppressed(db, hmac, list)) return false;
      suppressedNow.add(k);
      return true;
    },
  };
}
