import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * Keeps WAL checkpoints off the main connection's commits.
 *
 * SQLite's automatic checkpoint runs inside the commit that takes the WAL past wal_autocheckpoint
 * pages: that commit pays for copying the whole WAL into the database file and syncing both. On
 * the main connection that is a call on the main thread, and the WAL it copies is mostly what job
 * workers wrote (an import, an erasure): a third of a second at benchmark size. So the automatic
 * checkpoint is off on this connection (worker connections keep SQLite's default, inside their own
 * commits), and once every `everyWrites` noted writes a PASSIVE checkpoint runs through `run`: in
 * the checkpoint worker, or here after the current call when the build has no worker threads
 * (`run` answers false). One runs at a time. PASSIVE never waits for readers or writers; what it
 * cannot copy now, the next one will. Checkpoints are crash-safe (the WAL stays authoritative until
 * one is complete), so this changes speed only, never durability.
 */
export interface WalCheckpointer {
  /** Call after a write transaction committed. Cheap; the checkpoint itself runs later. */
  noteWrite(): void;
}

export function walCheckpointer(db: Database, everyWrites: number, run: () => Promise<boolean>): WalCheckpointer {
  db.pragma('wal_autocheckpoint = 0');
  let writes = 0;
  let busy = false;
  const here = () => {
    if (db.open) db.pragma('wal_checkpoint(PASSIVE)');
  };
  return {
    noteWrite() {
      if (++writes < everyWrites || busy) return;
      busy = true;
      writes = 0;
      setImmediate(() => {
        run()
          .then((ran) => {
            if (!ran) here();
          })
          // A checkpoint that failed changes nothing; the next one tries again.
          .catch(() => undefined)
          .finally(() => {
            busy = false;
          });
      });
    },
  };
}
