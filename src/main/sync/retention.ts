import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * Less data on booths: an entry the hub acknowledged is removed from a booth after the retention
 * period, so a lost booth laptop holds only what it could not send. secure_delete overwrites the
 * freed pages. Entries not yet acknowledged are never touched.
 */

export const DEFAULT_RETENTION_DAYS = 7;

export function removeExpiredEntries(db: Database, now: Date, retentionDays: number): number {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  const previous = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    return db
      .transaction(() => {
        const ids = db
          .prepare(
            `SELECT e.id AS id, o.id AS outbox FROM entries e JOIN sync_outbox o ON o.id = e.uuid
             WHERE o.kind = 'contest_entry' AND o.sent_at IS NOT NULL AND o.sent_at < ?`,
          )
          .all(cutoff) as { id: number; outbox: string }[];
        const consent = db.prepare('DELETE FROM entry_consent_events WHERE entry_id = ?');
        const entry = db.prepare('DELETE FROM entries WHERE id = ?');
        const outbox = db.prepare('DELETE FROM sync_outbox WHERE id = ? AND sent_at IS NOT NULL');
        for (const r of ids) {
          consent.run(r.id);
          entry.run(r.id);
          outbox.run(r.outbox);
        }
        return ids.length;
      })
      .immediate();
  } finally {
    db.pragma(`secure_delete = ${previous}`);
  }
}
