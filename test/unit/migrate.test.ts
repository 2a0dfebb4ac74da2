import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { checkMigrations, FutureVersionError, latestVersion, migrate, type Migration } from '../../src/main/db/migrate';
import { applyConnectionPragmas, openKeyed } from '../../src/main/db/open-store';
import { customersMigrations } from '../../src/main/db/migrations/customers';
import { contestsMigrations } from '../../src/main/db/migrations/contests';
import { tempDir } from '../support/core';
import { storeDigest } from '../support/inspect';

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** A real encrypted file in a temp dir, with the production connection settings. */
function freshDb(): Database {
  const db = openKeyed(path.join(tempDir(), 'm.db'), randomBytes(32).toString('hex'));
  applyConnectionPragmas(db);
  open.push(db);
  return db;
}

const userVersion = (db: Database) => db.pragma('user_version', { simple: true }) as number;
const tables = (db: Database) => (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

const m1: Migration = { version: 1, name: 'one', up: 'CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT;' };
const m2: Migration = {
  version: 2,
  name: 'two',
  up: (db) => {
    db.exec('CREATE TABLE b (id INTEGER PRIMARY KEY) STRICT');
    db.prepare("INSERT INTO a (v) VALUES ('from m2')").run();
  },
};
const m3: Migration = { version: 3, name: 'three', up: 'CREATE TABLE c (id INTEGER PRIMARY KEY) STRICT;' };

describe('migrate', () => {
  it('applies every migration on a fresh file and records the version', () => {
    const db = freshDb();
    expect(migrate(db, [m1, m2, m3])).toEqual({ from: 0, to: 3 });
    expect(userVersion(db)).toBe(3);
    expect(tables(db)).toEqual(['a', 'b', 'c']);
    expect(db.prepare('SELECT v FROM a').all()).toEqual([{ v: 'from m2' }]);
  });

  it('applies only pending migrations, and is a no-op when up to date', () => {
    const db = freshDb();
    migrate(db, [m1]);
    // Re-running m1 would fail (table a exists), so success proves it was skipped.
    expect(migrate(db, [m1, m2])).toEqual({ from: 1, to: 2 });
    const digest = storeDigest(db);
    expect(migrate(db, [m1, m2])).toEqual({ from: 2, to: 2 });
    expect(storeDigest(db)).toBe(digest);
  });

  it('runs all pending migrations in one transaction: a failure leaves version and schema unchanged', () => {
    const db = freshDb();
    const broken: Migration = { version: 3, name: 'broken', up: 'CREATE TABLE c (id INTEGER PRIMARY KEY) STRICT; INSERT INTO nowhere VALUES (1);' };
    expect(() => migrate(db, [m1, m2, broken])).toThrow(/nowhere/);
    expect(userVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);

    migrate(db, [m1]);
    db.prepare("INSERT INTO a (v) VALUES ('kept')").run();
    const before = storeDigest(db);
    const throwing: Migration = {
      version: 3,
      name: 'throws',
      up: () => {
        throw new Error('migration bug');
      },
    };
    expect(() => migrate(db, [m1, m2, throwing])).toThrow('migration bug');
    expect(userVersion(db)).toBe(1);
    expect(storeDigest(db)).toBe(before);
    expect(db.inTransaction).toBe(false);
  });

  it('refuses a file from a newer version with FutureVersionError and changes nothing', () => {
    const db = freshDb();
    migrate(db, [m1, m2, m3]);
    const before = storeDigest(db);
    let error: unknown;
    try {
      migrate(db, [m1, m2]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FutureVersionError);
    expect(error).toMatchObject({ found: 3, known: 2 });
    expect(userVersion(db)).toBe(3);
    expect(storeDigest(db)).toBe(before);
  });

  it('refuses gaps, duplicates and misordering before touching the file', () => {
    for (const list of [[m2], [m1, m3], [m1, m1], [m2, m1]]) {
      const db = freshDb();
      expect(() => migrate(db, list)).toThrow(/expected/);
      expect(userVersion(db)).toBe(0);
      expect(tables(db)).toEqual([]);
    }
  });

  it('latestVersion is the highest version, 0 for none', () => {
    expect(latestVersion([])).toBe(0);
    expect(latestVersion([m1, m2, m3])).toBe(3);
  });
});

describe('the shipped migrations', () => {
  for (const [name, list] of [
    ['customers', customersMigrations],
    ['contests', contestsMigrations],
  ] as const) {
    it(`${name}: numbered 1..n without gaps, and apply cleanly to a fresh encrypted file`, () => {
      expect(() => checkMigrations(list)).not.toThrow();
      const db = freshDb();
      expect(migrate(db, list)).toEqual({ from: 0, to: list.length });
      expect(userVersion(db)).toBe(list.length);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    });
  }
});
