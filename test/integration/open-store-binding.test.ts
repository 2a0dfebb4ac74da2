import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/main/db/open-store';
import { customersMigrations } from '../../src/main/db/migrations/customers';
import { StoreOpenError } from '../../src/main/db/store-error';
import { memoryVault } from '../../src/main/keychain/vault';
import { ROOT, tempDir } from '../support/core';

const NODE_BUILD = path.join(ROOT, 'node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node');

describe('openStore loads the SQLite binary it is given', () => {
  it('opens a store with a binding copied to another folder (as the Electron build is)', async () => {
    const elsewhere = path.join(tempDir(), 'electron build', 'better_sqlite3.node');
    fs.mkdirSync(path.dirname(elsewhere), { recursive: true });
    fs.copyFileSync(NODE_BUILD, elsewhere);
    const opened = await openStore({ dataDir: tempDir(), store: 'customers', vault: memoryVault(), migrations: customersMigrations, nativeBinding: elsewhere });
    expect(opened.db.pragma('journal_mode', { simple: true })).toBe('wal');
    opened.db.close();
  });

  it('refuses with an io failure naming the file when the binding is not there, and writes no store', async () => {
    const dataDir = tempDir();
    const missing = path.join(tempDir(), 'no-such', 'better_sqlite3.node');
    const attempt = openStore({ dataDir, store: 'customers', vault: memoryVault(), migrations: customersMigrations, nativeBinding: missing });
    await expect(attempt).rejects.toBeInstanceOf(StoreOpenError);
    await expect(attempt).rejects.toMatchObject({ failure: { store: 'customers', problem: 'io' } });
    expect(fs.existsSync(path.join(dataDir, 'customers.db'))).toBe(false);
  });
});
