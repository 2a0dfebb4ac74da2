import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyConnectionPragmas, CIPHER, openKeyed, storeFile, keyAccount, type StoreName } from '../../src/main/db/open-store';
import { customersMigrations } from '../../src/main/db/migrations/customers';
import { contestsMigrations } from '../../src/main/db/migrations/contests';
import { latestVersion } from '../../src/main/db/migrate';
import { startCore, type TestCore } from '../support/core';

const STORES: readonly StoreName[] = ['customers', 'contests'];

let t: TestCore;
beforeAll(async () => {
  t = await startCore();
});
afterAll(async () => {
  await t.close();
});

/** synchronous: FULL (2) on worker connections; NORMAL (1) on the core's, whose answers wait for a sync of the WAL (test/integration/durability.test.ts). */
function expectDurablePragmas(db: Database, synchronous: 1 | 2 = 2) {
  expect(String(db.pragma('journal_mode', { simple: true })).toLowerCase()).toBe('wal');
  expect(db.pragma('synchronous', { simple: true })).toBe(synchronous);
  expect(db.pragma('temp_store', { simple: true })).toBe(2); // MEMORY
  expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
}

describe('connection pragmas', () => {
  for (const store of STORES) {
    it(`${store}: WAL, synchronous=NORMAL, temp_store=MEMORY, foreign_keys=ON on the core's connection`, () => {
      expectDurablePragmas(t.core.stores![store], 1);
    });

    it(`${store}: applyConnectionPragmas (used by worker write connections) sets the same`, async () => {
      const db = openKeyed(storeFile(t.dataDir, store), (await t.vault.get(keyAccount(store)))!, { fileMustExist: true });
      try {
        // Start from the opposite values, so the assertions below prove that the call sets them.
        db.pragma('synchronous = OFF');
        db.pragma('temp_store = FILE');
        db.pragma('foreign_keys = OFF');
        expect([db.pragma('synchronous', { simple: true }), db.pragma('temp_store', { simple: true }), db.pragma('foreign_keys', { simple: true })]).toEqual([0, 1, 0]);
        applyConnectionPragmas(db);
        expectDurablePragmas(db);
      } finally {
        db.close();
      }
    });
  }

  it('the stores are encrypted with the chosen cipher', () => {
    expect(CIPHER).not.toBe('');
    for (const store of STORES) expect(t.core.stores![store].pragma('cipher', { simple: true })).toBe(CIPHER);
  });

  it('user_version records the latest migration of each store', () => {
    expect(t.core.stores!.customers.pragma('user_version', { simple: true })).toBe(latestVersion(customersMigrations));
    expect(t.core.stores!.contests.pragma('user_version', { simple: true })).toBe(latestVersion(contestsMigrations));
  });
});

interface TableListRow {
  schema: string;
  name: string;
  type: 'table' | 'view' | 'shadow' | 'virtual';
  strict: 0 | 1;
}

/**
 * Walks sqlite_schema after every migration has run, so tables added by any feature are covered
 * without touching this test. Virtual tables (FTS) and their shadow tables cannot be STRICT, and
 * SQLite's own sqlite_* tables are not ours.
 */
describe('every table is STRICT', () => {
  for (const store of STORES) {
    it(`${store}`, () => {
      const db = t.core.stores![store];
      const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").all() as { name: string; sql: string }[];
      expect(tables.length).toBeGreaterThan(0);
      const notStrict: string[] = [];
      for (const { name, sql } of tables) {
        const [info] = db.pragma(`table_list("${name.replace(/"/g, '""')}")`) as TableListRow[];
        expect(info, name).toBeDefined();
        if (info!.type === 'virtual' || info!.type === 'shadow') continue;
        if (info!.strict !== 1) notStrict.push(`${name}: ${sql}`);
      }
      expect(notStrict, `tables in ${store}.db that are not STRICT`).toEqual([]);
    });
  }

  it('covers the foundation tables (the walk is not empty by accident)', () => {
    const names = (db: Database) => (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    expect(names(t.core.stores!.customers)).toEqual(expect.arrayContaining(['staff', 'settings', 'audit_log', 'audit_head']));
    expect(names(t.core.stores!.contests)).toEqual(expect.arrayContaining(['sync_outbox']));
  });
});
