import type { Database } from 'better-sqlite3-multiple-ciphers';
import { stmt } from '../db/statements';

/**
 * Less data on booths: an entry the hub acknowledged is removed from a booth after the retention
 * period, so a lost booth laptop holds only what it could not send. secure_delete overwrites the
 * freed pages. Entries not yet acknowledged are never touched.
 *
 * The removal runs in small transactions (one batch each): an entry, its consent events and its
 * outbox row go together or not at all, so a crash between batches leaves whole entries, and the
 * next removal finds the rest. On a device the sync loop runs it as the sync.removeExpiredEntries
 * job (./jobs.ts), off the main thread.
 */

export const DEFAULT_RETENTION_DAYS = 7;
/** Entries per transaction: a booth's capture waits for at most one batch (a few milliseconds). */
export const RETENTION_BATCH = 200;

/** Entries acknowledged before this time are expired. */
export const retentionCutoff = (now: Date, retentionDays: number): string => new Date(now.getTime() - retentionDays * 86_400_000).toISOString();

/** Where a removal has got to, in the order of acknowledgement; null before the first batch. */
export type RetentionCursor = { sentAt: string; outbox: string } | null;

/** Whether any entry the hub acknowledged before the cutoff is still here: one indexed look, so a round starts no job for nothing. */
export function hasExpired(db: Database, cutoff: string): boolean {
  return (
    stmt<[string]>(
      db,
      `SELECT 1 FROM sync_outbox o JOIN entries e ON e.uuid = o.id
       WHERE o.kind = 'contest_entry' AND o.sent_at IS NOT NULL AND o.sent_at < ? LIMIT 1`,
    ).get(cutoff) !== undefined
  );
}

/**
 * Removes up to `limit` expired entries in one transaction, the oldest acknowledged first, starting
 * after `after`. Returns how many it removed and where to go on from; `next` is null when nothing
 * expired is left past the cursor.
 */
export function removeExpiredBatch(db: Database, cutoff: string, after: RetentionCursor, limit: number = RETENTION_BATCH): { removed: number; next: RetentionCursor } {
  const previous = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    return db
      .transaction(() => {
        // sync_outbox_sent (sent_at, where sent) gives the order; the cursor skips rows already passed over.
        const rows = db
          .prepare(
            `SELECT e.id AS id, o.id AS outbox, o.sent_at AS sentAt FROM sync_outbox o JOIN entries e ON e.uuid = o.id
             WHERE o.kind = 'contest_entry' AND o.sent_at IS NOT NULL AND o.sent_at < ?
               AND (? IS NULL OR o.sent_at > ? OR (o.sent_at = ? AND o.id > ?))
             ORDER BY o.sent_at, o.id LIMIT ?`,
          )
          .all(cutoff, after?.sentAt ?? null, after?.sentAt ?? null, after?.sentAt ?? null, after?.outbox ?? null, limit) as { id: number; outbox: string; sentAt: string }[];
        const consent = db.prepare('DELETE FROM entry_consent_events WHERE entry_id = ?');
        const entry = db.prepare('DELETE FROM entries WHERE id = ?');
        const outbox = db.prepare('DELETE FROM sync_outbox WHERE id = ? AND sent_at IS NOT NULL');
        for (const r of rows) {
          consent.run(r.id);
          entry.run(r.id);
          outbox.run(r.outbox);
        }
        const last = rows.at(-1);
        return { removed: rows.length, next: rows.length === limit && last ? { sentAt: last.sentAt, outbox: last.outbox } : null };
      })
      .immediate();
  } finally {
    db.pragma(`secure_delete = ${previous}`);
  }
}

/**
 * Every expired entry, batch after batch, between which `between` runs (a job yields there).
 * `turn` runs each batch's transaction (a job's write turn). Returns how many were removed.
 */
export async function removeExpiredInBatches(
  db: Database,
  cutoff: string,
  turn: <T>(write: () => T) => Promise<T> = async (write) => write(),
  between: () => Promise<void> = async () => undefined,
): Promise<number> {
  let removed = 0;
  let after: RetentionCursor = null;
  for (;;) {
    const batch = await turn(() => removeExpiredBatch(db, cutoff, after));
    removed += batch.removed;
    if (batch.next === null) return removed;
    after = batch.next;
    await between();
  }
}
