import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * Making deleted bytes really gone. Deleting a row in SQLite only unlinks it: its bytes stay in the
 * page's free space or on the freelist until reused, and older copies of every changed page stay in
 * the write-ahead log until it is reset. The files are encrypted, but the key sits in the keychain
 * of the same machine, so "encrypted" is not "erased".
 *
 * What we do, and why each step:
 * 1. PRAGMA secure_delete = ON on the connection that erases (this SQLite build already defaults to
 *    it; we set and assert it rather than rely on that). SQLite then overwrites deleted cells and
 *    freed pages with zeros, including the index entries that hold the email.
 * 2. VACUUM after the erasure. secure_delete cannot reach remnants written before it was on or by
 *    another connection that had it off (a tool, an older build), and b-tree rebalancing can leave
 *    stale bytes in a page's unused area. VACUUM rebuilds the file from live rows only, so nothing
 *    that is not a live row survives in it. temp_store=MEMORY keeps its scratch copy off the disk.
 * 3. wal_checkpoint(TRUNCATE): copies the rebuilt pages into the main file and truncates the WAL
 *    to zero bytes, so its old page images are gone too. A reader on another connection (a worker)
 *    can make this fail; it is retried, and reported when it still cannot finish.
 *
 * Cost: VACUUM rewrites the whole file, so it is proportional to the database size (bench/dsr.ts
 * measures it). Erasure is a rare, deliberate act; a full rebuild is a fair price for a guarantee.
 */

export function ensureSecureDelete(db: Database): void {
  db.pragma('secure_delete = ON');
  const v = Number(db.pragma('secure_delete', { simple: true }));
  if (v !== 1) throw new Error(`PRAGMA secure_delete is ${v}, expected 1`);
}

export interface ScrubResult {
  vacuumed: boolean;
  /** The WAL was checkpointed and truncated to zero bytes. */
  walTruncated: boolean;
}

export async function scrubStore(db: Database, sleep: (ms: number) => Promise<void>, attempts = 5): Promise<ScrubResult> {
  ensureSecureDelete(db);
  // Planner statistics (sqlite_stat4) keep sample index keys, emails included, as live rows that
  // VACUUM would copy. Nothing runs ANALYZE today; if something ever does, rebuild them from what is left.
  if (db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat4'").get()) db.exec('ANALYZE');
  db.exec('VACUUM');
  for (let i = 0; i < attempts; i++) {
    const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    if (r && r.busy === 0 && r.log === 0) return { vacuumed: true, walTruncated: true };
    await sleep(50 * (i + 1));
  }
  return { vacuumed: true, walTruncated: false };
}
