import fs from 'node:fs/promises';
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';

/**
 * Commits on a connection without a sync to disk inside the commit, and a way to wait until they
 * are on disk.
 *
 * With synchronous=FULL, SQLite syncs the WAL inside every commit, on the thread that commits: on
 * the main connection that is the main thread, and under another writer's disk traffic (an export,
 * an erasure's VACUUM) one sync took tens of milliseconds while every window waited. Here the
 * connection commits with synchronous=NORMAL (in WAL mode: no sync per commit; a crash of the
 * process loses nothing, a power cut may lose the latest commits, never part of one), and
 * `whenDurable` syncs the WAL file from the thread pool. Whoever tells the outside world of a commit
 * (a call's answer to the window, a push to the hub, a mail marked sent) waits for it first, so
 * nothing acknowledged is ever lost. Commits made while a sync runs share the next one.
 */
interface WalSync {
  /** Rows changed on the connection so far (total_changes()): what a sync started now covers. */
  readonly changes: Statement;
  readonly wal: string;
  /** Changes known to be on disk. */
  synced: number;
  /** The sync in progress, and the changes it covers. */
  running: { done: Promise<void>; covers: number } | null;
  /** The sync that starts when the running one ends, shared by everyone who asked meanwhile. */
  next: Promise<void> | null;
}

const deferred = new WeakMap<Database, WalSync>();

async function syncFile(file: string): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r+');
  } catch (e) {
    // No WAL file: a complete checkpoint moved every commit into the database file, and synced it.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

function startSync(s: WalSync): Promise<void> {
  // Every commit counted here has already been written to the WAL file, so the sync covers it.
  const covers = s.changes.get() as number;
  const done = syncFile(s.wal).then(() => {
    s.synced = Math.max(s.synced, covers);
  });
  s.running = { done, covers };
  const clear = () => {
    if (s.running?.done === done) s.running = null;
  };
  done.then(clear, clear);
  return done;
}

/** Makes `db` (a WAL connection to `file`) commit without syncing; see whenDurable. */
export function deferSyncs(db: Database, file: string): void {
  db.pragma('synchronous = NORMAL');
  if (db.pragma('synchronous', { simple: true }) !== 1) throw new Error('PRAGMA synchronous did not take NORMAL');
  const changes = db.prepare('SELECT total_changes()').pluck();
  deferred.set(db, { changes, wal: `${file}-wal`, synced: changes.get() as number, running: null, next: null });
}

/**
 * Resolves once every commit made on `db` so far is on disk; rejects if the sync failed. Immediate
 * for a connection that syncs inside each commit (one deferSyncs was not called for), and when
 * nothing was written since the last sync.
 */
export function whenDurable(db: Database): Promise<void> {
  const s = deferred.get(db);
  if (!s || !db.open) return Promise.resolve();
  const want = s.changes.get() as number;
  if (want <= s.synced) return Promise.resolve();
  if (s.running && s.running.covers >= want) return s.running.done;
  if (!s.running) return startSync(s);
  s.next ??= s.running.done
    .catch(() => undefined)
    .then(() => {
      s.next = null;
      return startSync(s);
    });
  return s.next;
}

/**
 * Runs `fn` with no sync to disk in its commits, then restores the connection's setting. For a
 * series of commits the caller makes durable at its end (a commit with synchronous=FULL syncs the
 * whole WAL, so the earlier ones with it; or whenDurable).
 */
export function withoutSync<T>(db: Database, fn: () => T): T {
  const was = db.pragma('synchronous', { simple: true }) as number;
  if (was <= 1) return fn();
  db.pragma('synchronous = NORMAL');
  try {
    return fn();
  } finally {
    db.pragma(`synchronous = ${was}`);
  }
}
