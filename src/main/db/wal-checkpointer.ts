import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * Keeps WAL checkpoints off the commit path of one connection.
 *
 * SQLite's automatic checkpoint runs inside the commit that takes the WAL past wal_autocheckpoint
 * pages: that commit pays for copying the whole WAL into the database file and syncing it. On the
 * main connection that commit is a call on the main thread, and the WAL it copies is mostly what
 * job workers wrote (an import, an erasure) while readers held it back: a third of a second at
 * benchmark size. So the automatic checkpoint is off on this connection (worker connections keep
 * SQLite's default, inside their own commits), and a PASSIVE checkpoint runs after the current
 * call has answered, once every `everyWrites` noted writes. PASSIVE never waits for readers or
 * writers; what it cannot copy now, the next one will. Checkpoints are crash-safe (the WAL stays
 * authoritative until one is complete), so this changes speed only, never durability.
 */
export interface WalCheckpointer {
  /** Call after a write transaction committed. Cheap; the checkpoint itself runs later. */
  noteWrite(): void;
}


export function walCheckpointer(db: Database, everyWrites: number): WalCheckpointer {
  db.pragma('wal_autocheckpoint = 0');
  let writes = 0;
  let scheduled = false;
  return {
    noteWrite() {
      if (++writes < everyWrites || scheduled) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        writes = 0;
        if (db.open) db.pragma('wal_checkpoint(PASSIVE)');
      });
    },
  };
}
