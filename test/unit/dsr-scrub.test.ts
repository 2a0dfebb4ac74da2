import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { applyConnectionPragmas, openKeyed } from '../../src/main/db/open-store';
import { scrubStore } from '../../src/main/dsr/scrub';
import { tempDir } from '../support/core';

/**
 * Why erasure runs secure_delete + VACUUM + a truncating checkpoint (src/main/dsr/scrub.ts).
 * The files are encrypted, so the scan looks at the DECRYPTED pages: db.serialize() reads every page
 * of the file through the pager, free pages and unused page space included.
 */

const CANARY = 'SCRUBCANARY';
let dbs: Database[] = [];
afterEach(() => {
  for (const db of dbs) if (db.open) db.close();
  dbs = [];
});

function open(file: string, key: string): Database {
  const db = openKeyed(file, key);
  applyConnectionPragmas(db);
  dbs.push(db);
  return db;
}

function seed(db: Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL) STRICT; CREATE INDEX IF NOT EXISTS people_email ON people(email)');
  const ins = db.prepare('INSERT INTO people (name, email) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) ins.run(`Filler ${i} ${'x'.repeat(i % 50)}`, `filler${i}@example.com`);
    for (let i = 0; i < 50; i++) ins.run(`${CANARY}-${i}`, `${CANARY.toLowerCase()}${i}@example.com`);
    for (let i = 0; i < 2000; i++) ins.run(`Filler b${i}`, `fillerb${i}@example.com`);
  })();
}

const visible = (db: Database) => db.serialize().includes(CANARY) || db.serialize().includes(CANARY.toLowerCase());

describe('deleted personal data in an encrypted SQLite file', () => {
  it('lingers in free pages when secure_delete is off, even after a checkpoint, until the file is vacuumed', async () => {
    const dir = tempDir('ixo-scrub-');
    const file = path.join(dir, 'x.db');
    const db = open(file, randomBytes(32).toString('hex'));
    db.pragma('secure_delete = OFF');
    seed(db);
    db.prepare('DELETE FROM people WHERE name LIKE ?').run(`${CANARY}%`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(db.prepare('SELECT count(*) AS n FROM people WHERE name LIKE ?').get(`${CANARY}%`)).toEqual({ n: 0 });
    // Gone from every query, still in the pages: this is the remnant erasure must not leave.
    expect(visible(db)).toBe(true);
    // And never in the raw file: it is encrypted.
    expect(fs.readFileSync(file).includes(CANARY)).toBe(false);

    const r = await scrubStore(db, async () => {});
    expect(r).toEqual({ vacuumed: true, walTruncated: true });
    expect(visible(db)).toBe(false);
    expect(fs.statSync(`${file}-wal`).size).toBe(0);
    expect(Number(db.pragma('secure_delete', { simple: true }))).toBe(1);
  });

  it('with secure_delete on, a delete zeroes the rows and their index entries', () => {
    const db = open(path.join(tempDir('ixo-scrub-'), 'y.db'), randomBytes(32).toString('hex'));
    db.pragma('secure_delete = ON');
    seed(db);
    db.prepare('DELETE FROM people WHERE name LIKE ?').run(`${CANARY}%`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(visible(db)).toBe(false);
  });

  it('an old WAL still holds the deleted rows until it is truncated', () => {
    const dir = tempDir('ixo-scrub-');
    const file = path.join(dir, 'z.db');
    const key = randomBytes(32).toString('hex');
    const db = open(file, key);
    db.pragma('secure_delete = ON');
    db.pragma('wal_autocheckpoint = 0');
    seed(db);
    db.prepare('DELETE FROM people WHERE name LIKE ?').run(`${CANARY}%`);
    // The WAL holds the page images from before the delete (encrypted, but decryptable with the key).
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(fs.statSync(`${file}-wal`).size).toBe(0);
  });

  it('the scrubbed file reopens with its key and keeps every live row', async () => {
    const dir = tempDir('ixo-scrub-');
    const file = path.join(dir, 'w.db');
    const key = randomBytes(32).toString('hex');
    const db = open(file, key);
    seed(db);
    db.prepare('DELETE FROM people WHERE name LIKE ?').run(`${CANARY}%`);
    await scrubStore(db, async () => {});
    db.close();
    const again = open(file, key);
    expect(again.prepare('SELECT count(*) AS n FROM people').get()).toEqual({ n: 4000 });
    expect(again.pragma('quick_check', { simple: true })).toBe('ok');
  });
});
