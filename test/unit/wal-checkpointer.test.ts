import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyConnectionPragmas, openKeyed } from '../../src/main/db/open-store';
import { walCheckpointer } from '../../src/main/db/wal-checkpointer';
import { tempDir } from '../support/core';

const KEY = 'ab'.repeat(32);
const nextTurn = () => new Promise((r) => setImmediate(r));
let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('WAL checkpoints off the commit path', () => {
  it('commits never checkpoint; the checkpoint runs after the call, every N writes', async () => {
    dir = tempDir();
    const file = path.join(dir, 'x.db');
    const db = openKeyed(file, KEY);
    applyConnectionPragmas(db);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT');
    // No worker threads in this build: the checkpoint runs here, after the call.
    const ckpt = walCheckpointer(db, 50, async () => false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const walPages = () => fs.statSync(`${file}-wal`).size;
    const mainAtStart = fs.statSync(file).size;

    // 1200 single-row commits: past SQLite's default 1000-page threshold, yet no commit checkpointed.
    for (let i = 0; i < 1200; i++) insert.run('x'.repeat(200));
    const grown = walPages();
    const mainBefore = fs.statSync(file).size;
    expect(mainBefore).toBe(mainAtStart);
    for (let i = 0; i < 49; i++) ckpt.noteWrite();
    await nextTurn();
    expect(fs.statSync(file).size).toBe(mainBefore);

    ckpt.noteWrite();
    expect(fs.statSync(file).size).toBe(mainBefore);
    await nextTurn();
    await nextTurn();
    // The 50th write scheduled one PASSIVE checkpoint: the rows are now in the main file.
    expect(fs.statSync(file).size).toBeGreaterThan(mainBefore);
    expect(walPages()).toBe(grown);
    db.close();
  });

  it('when a worker runs the checkpoint, this connection does not, and one runs at a time', async () => {
    dir = tempDir();
    const file = path.join(dir, 'x.db');
    const db = openKeyed(file, KEY);
    applyConnectionPragmas(db);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    for (let i = 0; i < 1200; i++) insert.run('x'.repeat(200));
    const mainBefore = fs.statSync(file).size;
    let asked = 0;
    let finish!: () => void;
    const ckpt = walCheckpointer(db, 10, () => {
      asked++;
      return new Promise<boolean>((resolve) => (finish = () => resolve(true)));
    });
    for (let i = 0; i < 10; i++) ckpt.noteWrite();
    await nextTurn();
    expect(asked).toBe(1);
    // Twenty more writes while it runs: no second checkpoint starts.
    for (let i = 0; i < 20; i++) ckpt.noteWrite();
    await nextTurn();
    expect(asked).toBe(1);
    finish();
    await nextTurn();
    expect(fs.statSync(file).size).toBe(mainBefore);
    for (let i = 0; i < 10; i++) ckpt.noteWrite();
    await nextTurn();
    expect(asked).toBe(2);
    finish();
    db.close();
  });

  it('a commit on this connection never copies a WAL that another connection grew (an import in a worker)', () => {
    dir = tempDir();
    const file = path.join(dir, 'x.db');
    const main = openKeyed(file, KEY);
    applyConnectionPragmas(main);
    main.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT');
    walCheckpointer(main, 1_000_000, async () => false);
    const worker = openKeyed(file, KEY);
    applyConnectionPragmas(worker);
    worker.pragma('wal_autocheckpoint = 0');
    // About 9,000 pages: past any threshold the main connection could have had.
    const big = worker.prepare('INSERT INTO t (v) VALUES (?)');
    worker.transaction(() => {
      for (let i = 0; i < 9_000; i++) big.run('w'.repeat(3_900));
    })();
    const mainFileBefore = fs.statSync(file).size;
    main.prepare('INSERT INTO t (v) VALUES (?)').run('one row on the main thread');
    expect(fs.statSync(file).size).toBe(mainFileBefore);
    expect(main.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 9_001 });
    worker.close();
    main.close();
  });
});
