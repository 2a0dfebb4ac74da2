import type { Database } from 'better-sqlite3-multiple-ciphers';
import { LIMITS, SUPPRESSION_RECORD_BYTES, type SuppressionPayload } from '../../shared/sync/protocol';
import { stmt } from '../db/statements';
import { enqueue } from './outbox';
import type { PendingSuppression } from './suppression-pending';

/**
 * Opt-outs travel as keyed hashes with a bit per list, never an email. A change on this device (an
 * opt-out, or a new consent lifting one) is queued in customers.db's outbox in the caller's
 * transaction: one row per change, or, for a bulk import's opt-outs, one row per batch of up to
 * LIMITS.suppressionBatchChanges of them (SuppressionBatch). The hub orders the changes to each hash
 * and list by their time (an opt-out wins a tie) and its feed brings every device each hash's
 * resulting state, which replaces the local one.
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
  enqueue(db, 'suppression', { emailHmac: s.emailHmac, lists: s.lists, cleared: s.cleared ?? 0, at: s.at } satisfies SuppressionPayload, s.at);
}

/**
 * Opt-outs added in one transaction at one time, queued together by `enqueue` at the end of that
 * transaction. Lists added to one hash twice are queued as one change.
 */
export class SuppressionBatch {
  /** Hex hashes in the order first added, and the lists added to each. */
  private readonly hashes: string[] = [];
  private readonly lists: number[] = [];
  /**
   * Hash -> position, built once a hash comes that is not above the last one. An import's first
   * step adds its hashes in rising order, so it finds a repeat by looking at the last hash alone.
   */
  private index: Map<string, number> | null = null;

  constructor(private readonly at: string) {}

  add(emailHmac: string, lists: number, at: string): void {
    if (at !== this.at) throw new Error(`a suppression batch of ${this.at} was given a change of ${at}`);
    const last = this.hashes.length - 1;
    if (this.index === null) {
      if (last < 0 || emailHmac > this.hashes[last]!) {
        this.append(emailHmac, lists);
        return;
      }
      if (emailHmac === this.hashes[last]) {
        this.lists[last] = this.lists[last]! | lists;
        return;
      }
      this.index = new Map(this.hashes.map((h, i) => [h, i]));
    }
    const i = this.index.get(emailHmac);
    if (i === undefined) {
      this.index.set(emailHmac, this.hashes.length);
      this.append(emailHmac, lists);
    } else this.lists[i] = this.lists[i]! | lists;
  }

  private append(emailHmac: string, lists: number): void {
    this.hashes.push(emailHmac);
    this.lists.push(lists);
  }

  /** Queues the changes, up to LIMITS.suppressionBatchChanges to a row. Call inside the transaction that added them. */
  enqueue(db: Database): void {
    const n = this.hashes.length;
    for (let from = 0; from < n; from += LIMITS.suppressionBatchChanges) {
      const changes: [string, number][] = [];
      for (let i = from; i < Math.min(n, from + LIMITS.suppressionBatchChanges); i++) changes.push([this.hashes[i]!, this.lists[i]!]);
      enqueue(db, 'suppression', { at: this.at, changes } satisfies SuppressionPayload, this.at);
    }
    this.hashes.length = 0;
    this.lists.length = 0;
    this.index = null;
  }
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

/**
 * How to apply a feed page of `count` packed records with applyInSlices. A hash with a change of
 * this device still waiting to be sent keeps its local state. `pending` is the gate applyInSlices
 * asks inside each slice's transaction, so an opt-out queued between two slices (on this thread or
 * by an import's worker) keeps its state too.
 */
export function suppressionPageSteps(db: Database, pending: PendingSuppression, records: Buffer, count: number, at: string) {
  const apply = suppressionApplier(db, at);
  return {
    count,
    apply: (i: number) => {
      const hash = records.subarray(i * SUPPRESSION_RECORD_BYTES, i * SUPPRESSION_RECORD_BYTES + 32);
      if (pending.size > 0 && pending.has(hash.toString('hex'))) return;
      apply(hash, records[i * SUPPRESSION_RECORD_BYTES + 32]!);
    },
    gate: pending,
  };
}
