import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { applyConnectionPragmas, openKeyed } from '../../src/main/db/open-store';
import { deferSyncs, stopSyncs, whenDurable } from '../../src/main/db/durability';
import { startCore, tempDir, withStaff, type TestCore } from '../support/core';

/**
 * Main-thread commits do not sync to disk inside the commit; the answer to the window waits for a
 * sync of the WAL in the thread pool instead. These tests hold that sync (FileHandle.datasync) at a
 * gate and watch what waits for it.
 */

/** While a gate is set, each sync waits until the test releases (or fails) it. */
type Gate = { files: string[]; count: number; held: { release(): void; fail(e: Error): void }[]; releaseAll(): void };
let datasync: MockInstance;
let gate: Gate | null = null;

beforeAll(async () => {
  const probe = await fs.promises.open(__filename, 'r');
  const proto = Object.getPrototypeOf(probe) as { datasync(): Promise<void> };
  await probe.close();
  const real = proto.datasync;
  datasync = vi.spyOn(proto, 'datasync').mockImplementation(async function (this: fs.promises.FileHandle) {
    const g = gate;
    if (g) {
      g.count++;
      // The handle's path is not exposed; /proc names the file it has open.
      g.files.push(fs.readlinkSync(`/proc/self/fd/${this.fd}`));
      await new Promise<void>((release, fail) => g.held.push({ release, fail }));
    }
    return real.call(this);
  });
});
afterAll(() => datasync.mockRestore());

function holdSyncs(): Gate {
  const g: Gate = {
    files: [],
    count: 0,
    held: [],
    releaseAll() {
      for (const h of g.held.splice(0)) h.release();
    },
  };
  gate = g;
  return g;
}

afterEach(() => {
  gate?.releaseAll();
  gate = null;
});

const settled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  // Long enough for the call, its commit and an un-gated sync to finish several times over.
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 5));
  return done;
};

describe('a call is answered only once its commits are on disk', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await startCore();
    await withStaff(t, ['admin']);
  });
  afterAll(async () => {
    await t.close();
  });

  it('the core commits on the main thread without a sync (synchronous=NORMAL)', () => {
    expect(t.core.stores!.customers.pragma('synchronous', { simple: true })).toBe(1);
    expect(t.core.stores!.contests.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('a write call waits for the sync of the WAL it wrote to', async () => {
    const g = holdSyncs();
    const answer = t.call('admin', 'products.create', { name: 'Durable widget' });
    expect(await settled(answer)).toBe(false);
    // The row is committed (another connection sees it) but the window has not been told.
    expect(t.core.stores!.customers.prepare("SELECT count(*) AS n FROM products WHERE name = 'Durable widget'").get()).toEqual({ n: 1 });
    expect(g.files).toContain(fs.realpathSync(path.join(t.dataDir, 'customers.db-wal')));
    g.releaseAll();
    const r = await answer;
    expect(r.ok).toBe(true);
  });

  it('a read call does not sync', async () => {
    const g = holdSyncs();
    const r = await t.call('admin', 'products.list', { includeRetired: true });
    expect(r.ok).toBe(true);
    expect(g.count).toBe(0);
  });

  it('when the disk refuses the sync, the call says so instead of answering success', async () => {
    const g = holdSyncs();
    const answer = t.call('admin', 'products.create', { name: 'Undurable widget' });
    await vi.waitFor(() => expect(g.count).toBeGreaterThan(0));
    g.held.shift()!.fail(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    const r = await answer;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.key).toBe('store.not_durable');
  });
});

describe('checkpoints of the main connection', () => {
  it('run in the checkpoint worker, never on the main connection', async () => {
    const t = await startCore();
    try {
      await withStaff(t, ['admin']);
      const main = t.core.stores!.customers;
      const pragma = vi.spyOn(main, 'pragma');
      const file = path.join(t.dataDir, 'customers.db');
      const before = fs.statSync(file).size;
      // The customers store checkpoints every 300 writes.
      for (let i = 0; i < 320; i++) await t.must('admin', 'products.create', { name: `Widget ${i}` });
      await vi.waitFor(() => expect(fs.statSync(file).size).toBeGreaterThan(before), { timeout: 10_000 });
      expect(pragma.mock.calls.filter(([sql]) => String(sql).includes('checkpoint'))).toEqual([]);
      pragma.mockRestore();
    } finally {
      await t.close();
    }
  });
});

describe('whenDurable', () => {
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function store() {
    dir = tempDir();
    const file = path.join(dir, 'x.db');
    const db = openKeyed(file, 'cd'.repeat(32));
    applyConnectionPragmas(db);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT');
    deferSyncs(db, file);
    return { db, insert: db.prepare('INSERT INTO t (v) VALUES (?)') };
  }

  it('a commit made while a sync runs waits for the next sync, and later callers share it', async () => {
    const { db, insert } = store();
    const g = holdSyncs();
    insert.run('one');
    const first = whenDurable(db);
    await vi.waitFor(() => expect(g.count).toBe(1));
    insert.run('two');
    const second = whenDurable(db);
    insert.run('three');
    const third = whenDurable(db);
    // The running sync may have started before 'two' was written: neither waits on it alone.
    let secondDone = false;
    void second.then(() => (secondDone = true));
    g.held.shift()!.release();
    await first;
    await vi.waitFor(() => expect(g.count).toBe(2));
    expect(secondDone).toBe(false);
    g.releaseAll();
    await Promise.all([second, third]);
    // One sync for the first commit, one shared by the two made while it ran.
    expect(g.count).toBe(2);
    await stopSyncs(db);
    db.close();
  });

  it('nothing written since the last sync: no sync', async () => {
    const { db, insert } = store();
    const g = holdSyncs();
    insert.run('one');
    const once = whenDurable(db);
    await vi.waitFor(() => expect(g.count).toBe(1));
    g.releaseAll();
    await once;
    expect(g.count).toBe(1);
    db.prepare('SELECT count(*) FROM t').get();
    await whenDurable(db);
    expect(g.count).toBe(1);
    await stopSyncs(db);
    db.close();
  });

  it('opens the WAL once for all its syncs, and closes it when told the connection closes', async () => {
    const { db, insert } = store();
    const wal = fs.realpathSync(path.join(dir, 'x.db-wal'));
    const opens = vi.spyOn(fs.promises, 'open');
    const walFds = () => fs.readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`) === wal;
      } catch {
        return false;
      }
    }).length;
    const sqliteOwn = walFds();
    try {
      for (const v of ['one', 'two', 'three']) {
        insert.run(v);
        await whenDurable(db);
      }
      expect(opens.mock.calls.filter(([file]) => String(file).endsWith('x.db-wal'))).toHaveLength(1);
      expect(walFds()).toBe(sqliteOwn + 1);
      await stopSyncs(db);
      expect(walFds()).toBe(sqliteOwn);
    } finally {
      opens.mockRestore();
      db.close();
    }
  });

  it('a connection that syncs inside each commit never waits', async () => {
    dir = tempDir();
    const db = openKeyed(path.join(dir, 'y.db'), 'cd'.repeat(32));
    applyConnectionPragmas(db);
    db.exec('CREATE TABLE t (v TEXT)');
    const g = holdSyncs();
    db.prepare('INSERT INTO t VALUES (?)').run('x');
    await whenDurable(db);
    expect(g.count).toBe(0);
    db.close();
  });
});
