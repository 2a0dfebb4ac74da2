import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AccountDetail } from '../../shared/contract/customers';
import { appError } from '../../shared/errors';
import { registrationMailOf } from '../outbox/outbox-repo';
import { findAccount, toSummary } from '../accounts/accounts-repo';
import { consentHistory, listStates } from '../accounts/consent-repo';
import { mergedNumbers } from '../replica/merges';

/** Everything the account view shows. Service notes and billing are deliberately not here (policy 2c, 4). */
export function accountDetail(db: Database, id: number): AccountDetail {
  const a = findAccount(db, id);
  if (!a || a.status === 'erased') throw appError('accounts.not_found', { accountId: id });
  return {
    ...toSummary(a),
    productId: a.product_id,
    mergedNumbers: mergedNumbers(db, id),
    language: a.language,
    cancelledAt: a.cancelled_at,
    cancelReason: a.cancel_reason,
    cancelNote: a.cancel_note,
    lists: listStates(db, id),
    history: consentHistory(db, id),
    registrationEmail: registrationMailOf(db, id),
  };
}
