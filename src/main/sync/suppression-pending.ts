import type { Database } from 'better-sqlite3-multiple-ciphers';
import { LIMITS, type SuppressionPayload } from '../../shared/sync/protocol';
import { stmt } from '../db/statements';

/** Hashes read per step of catchUp before it yields: one full batch row, or as many single rows. */
const STEP_HASHES = LIMITS.suppressionBatchChanges;

/**
 * The hashes (hex) with a change of this device still waiting to be sent, single or in a batch: the
 * suppression rows of the outbox neither sent nor flagged by the hub. A feed page leaves the local
 * state of these hashes alone: the hub orders this device's change when it arrives, and the feed
 * brings the result back.
 *
 * The answers are kept between pages and rounds and brought up to date a row at a time: an import's
 * opt-outs wait in rows of thousands of hashes each, and reading all of them at once holds the main
 * thread for hundreds of milliseconds.
 */
export class PendingSuppression {
  /** Outbox id -> the hashes its row changes. */
  private readonly rows = new Map<string, readonly string[]>();
  /** Hash -> how many of those rows change it. */
  private readonly counts = new Map<string, number>();

  constructor(private readonly db: Database) {}

  /** How many hashes wait. */
  get size(): number {
    return this.counts.size;
  }

  has(hex: string): boolean {
    return this.counts.has(hex);
  }

  /**
   * Whether the answers hold for the outbox as it is now: drops the rows sent or flagged since, and
   * is false while a waiting row has not been read. Call it inside the transaction that relies on
   * the answers, so nothing can be queued between the check and the writes.
   */
  ready(): boolean {
    return this.unread().length === 0;
  }

  /** Reads the waiting rows not read yet, yielding to the event loop every STEP_HASHES hashes or so. */
  async catchUp(): Promise<void> {
    let read = 0;
    for (const id of this.unread()) {
      read += this.read(id);
      if (read >= STEP_HASHES) {
        read = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }

  /** Drops the rows no longer waiting; returns the ids of waiting rows not read yet. */
  private unread(): string[] {
    // Asked inside every slice of a feed page. The ids come from sync_outbox_suppression_pending
    // alone; the planner would rather search sync_outbox_unsent, which reads each row for its id.
    const waiting = new Set(
      stmt<[], string>(this.db, "SELECT id FROM sync_outbox INDEXED BY sync_outbox_suppression_pending WHERE kind = 'suppression' AND sent_at IS NULL AND hub_status IS NULL")
        .pluck()
        .all(),
    );
    for (const [id, hashes] of this.rows) {
      if (waiting.has(id)) continue;
      this.rows.delete(id);
      for (const h of hashes) {
        const n = this.counts.get(h)!;
        if (n === 1) this.counts.delete(h);
        else this.counts.set(h, n - 1);
      }
    }
    return [...waiting].filter((id) => !this.rows.has(id));
  }

  /** Reads one row if it still waits; returns how many hashes it holds. */
  private read(id: string): number {
    if (this.rows.has(id)) return 0;
    const payload = stmt<[string], string>(this.db, 'SELECT payload FROM sync_outbox WHERE id = ? AND sent_at IS NULL AND hub_status IS NULL').pluck().get(id);
    if (payload === undefined) return 0;
    const p = JSON.parse(payload) as SuppressionPayload;
    const hashes = 'changes' in p ? p.changes.map(([h]) => h) : [p.emailHmac];
    this.rows.set(id, hashes);
    for (const h of hashes) this.counts.set(h, (this.counts.get(h) ?? 0) + 1);
    return hashes.length;
  }
}
