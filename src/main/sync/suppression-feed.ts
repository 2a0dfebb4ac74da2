import type { Database } from 'better-sqlite3-multiple-ciphers';
import { stmt } from '../db/statements';
import { enqueue } from './outbox';

/**
 * Opt-outs travel as keyed hashes with a bit per list, never an email. A change on this device (an
 * opt-out, or a new consent lifting one) is queued in customers.db's outbox in the caller's
 * transaction. The hub orders the changes to each hash and list by their time (an opt-out wins a
 * tie) and its feed brings every device each hash's resulting state, which replaces the local one.
 */

export interface SuppressionChange {
  /** HMAC-SHA256 of the normalised address under the organisation's key, hex. */
  emailHmac: string;
  /** LIST_BIT bits opted out of. */
  lists: number;
  /** LIST_BIT bits whose opt-out a new consent lifted. */
  cleared?: number;
  at: string;
}

export function enqueueSuppression(db: Database, s: SuppressionChange): void {
  enqueue(db, 'suppression', { emailHmac: s.emailHmac, lists: s.lists, cleared: s.cleared ?? 0, at: s.at }, s.at);
}

/** Hashes with a change of this device still waiting to be sent (hex). */
export function pendingSuppressionHashes(db: Database): Set<string> {
  const rows = stmt<[], { h: string }>(
    db,
    "SELECT json_extract(payload, '$.emailHmac') AS h FROM sync_outbox WHERE kind = 'suppression' AND sent_at IS NULL AND hub_status IS NULL",
  ).all();
  return new Set(rows.map((r) => r.h));
}

/**
 * Sets one hash to the state the hub's feed gives (0: no opt-outs left). Applying it twice changes
 * nothing. Call inside a customers.db transaction.
 */
export function suppressionApplier(db: Database, at: string): (hash: Buffer, lists: number) => void {
  const upsert = stmt(
    db,
    `INSERT INTO suppression (email_hmac, lists, reason, requested_on, created_at, staff_id, import_id) VALUES (?, ?, 'other', ?, ?, NULL, NULL)
     ON CONFLICT (email_hmac) DO UPDATE SET lists = excluded.lists WHERE lists <> excluded.lists`,
  );
  const remove = stmt(db, 'DELETE FROM suppression WHERE email_hmac = ?');
  const day = at.slice(0, 10);
  return (hash, lists) => {
    if (lists === 0) remove.run(hash);
    else upsert.run(hash, lists, day, at);
  };
}
