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
  /**
   * The WAL file, opened at the first sync and kept: a sync is then one call in the thread pool, not
   * three. While the connection is open SQLite keeps the same WAL file (it deletes it only when its
   * last connection closes), so the handle stays on the file the commits are in.
   */
  handle: Promise<fs.FileHandle | null> | null;
}

const deferred = new WeakMap<Database, WalSync>();

async function openWal(file: string): Promise<fs.FileHandle | null> {
  try {
    return await fs.open(file, 'r+');
  } catch (e) {
    // No WAL file yet: nothing was committed through it.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

async function syncWal(s: WalSync): Promise<void> {
  const opening = (s.handle ??= openWal(s.wal));
  let handle: fs.FileHandle | null;
  try {
    handle = await opening;
  } catch (e) {
    s.handle = null;
    throw e;
  }
  if (!handle) {
    s.handle = null;
    return;
  }
  try {
    await handle.datasync();
  } catch (e) {
    // The next sync opens the file again rather than trust a handle the disk refused.
    if (s.handle === opening) s.handle = null;
    await handle.close().catch(() => undefined);
    throw e;
  }
}

function startSync(s: WalSync): Promise<void> {
  // Every commit counted here has already been written to the WAL file, so the sync covers it.
  const covers = s.changes.get() as number;
  const done = syncWal(s).then(() => {
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
  deferred.set(db, { changes, wal: `${file}-wal`, synced: changes.get() as number, running: null, next: null, handle: null });
}

/** Before `db` closes: waits for its syncs, then closes the WAL file it kept open for them. */
export async function stopSyncs(db: Database): Promise<void> {
  const s = deferred.get(db);
  if (!s) return;
  await Promise.allSettled([s.running?.done, s.next]);
  const handle = await s.handle?.catch(() => null);
  s.handle = null;
  await handle?.close();
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
