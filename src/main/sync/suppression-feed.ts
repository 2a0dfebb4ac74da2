import type { Database } from 'better-sqlite3-multiple-ciphers';
import { stmt } from '../db/statements';
import { enqueue } from './outbox';

/**
 * Opt-outs travel as keyed hashes with a bit per list, never an email. An opt-out taken on this
 * device is queued in customers.db's outbox in the caller's transaction; lists pulled from the hub
 * are merged in here without being queued again. Only additions travel: across devices an opt-out
 * wins, and a new consent given on one device lifts the opt-out on that device only.
 */

export interface SuppressionAddition {
  /** HMAC-SHA256 of the normalised address under the organisation's key, hex. */
  emailHmac: string;
  /** LIST_BIT bits. */
  lists: number;
  at: string;
}

export function enqueueSuppression(db: Database, s: SuppressionAddition): void {
  enqueue(db, 'suppression', s, s.at);
}

/** Merges one hash from the hub's feed: local lists |= lists. Applying it twice changes nothing. */
export function applySuppression(db: Database, emailHmacHex: string, lists: number, at: string): void {
  stmt(
    db,
    `INSERT INTO suppression (email_hmac, lists, reason, requested_on, created_at, staff_id, import_id) VALUES (?, ?, 'other', ?, ?, NULL, NULL)
     ON CONFLICT (email_hmac) DO UPDATE SET lists = lists | excluded.lists WHERE lists | excluded.lists <> lists`,
  ).run(Buffer.from(emailHmacHex, 'hex'), lists, at.slice(0, 10), at);
}
