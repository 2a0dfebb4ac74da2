import fs from 'node:fs';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyAccount } from '../../src/main/db/open-store';
import { memoryVault } from '../../src/main/keychain/vault';
import { ROLES } from '../../src/shared/roles';
import { CANARY_WRITERS, canaryFactory, writeThroughEveryChannel, type GenericCall, type IssuedCanary } from '../support/canaries';
import { manualClock, startCore, TEST_PASSWORD, withStaff, type TestCore } from '../support/core';
import { findInFile, listTree, openForInspection, storedTexts } from '../support/inspect';

/**
 * At rest, nothing readable: canaries written through dispatch (see test/support/canaries.ts, which
 * every feature extends) and, generically, every text value stored in either database must appear
 * in no file of the data directory, in the WAL while the core is open, and in the files after close.
 */

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
/** Stored texts shorter than this could match encrypted bytes by chance. */
const MIN_GENERIC_LENGTH = 8;

let t: TestCore;
const vault = memoryVault();
const { canary, issued } = canaryFactory();
let keys: { hex: string; raw: Buffer }[] = [];
/** Canaries not where their writer said, checked before the generic writer may overwrite records. */
let misplacedBeforeGeneric: string[] = [];
let genericCalls: GenericCall[] = [];
const clock = manualClock();

/** Every text value in both databases, read through a decrypting connection, plus the schema's SQL. */
function allStoredTexts(dbs: Database[]): Set<string> {
  const out = new Set<string>();
  for (const db of dbs) {
    for (const v of storedTexts(db)) out.add(v);
    for (const r of db.prepare('SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL').all() as { sql: string }[]) out.add(r.sql);
  }
  return out;
}

function dataFiles(): string[] {
  return listTree(t.dataDir)
    .filter((f) => !f.endsWith('/'))
    .map((f) => path.join(t.dataDir, f));
}

/** The at-rest checks; `texts` is what the databases hold right now. */
function expectNothingReadable(texts: Set<string>, phase: string) {
  const files = dataFiles();
  expect(files.length).toBeGreaterThan(0);
  const leaks: string[] = [];
  for (const file of files) {
    const head = Buffer.alloc(SQLITE_MAGIC.length);
    const fd = fs.openSync(file, 'r');
    fs.readSync(fd, head, 0, head.length, 0);
    fs.closeSync(fd);
    if (head.subarray(0, 15).equals(SQLITE_MAGIC.subarray(0, 15))) leaks.push(`${file} starts with 'SQLite format 3'`);
    for (const c of issued) if (findInFile(file, c.value).length) leaks.push(`canary "${c.label}" in ${path.basename(file)}`);
    for (const k of keys) {
      const bytes = fs.readFileSync(file);
      if (bytes.includes(Buffer.from(k.hex)) || bytes.includes(k.raw)) leaks.push(`a store key in ${path.basename(file)}`);
    }
    for (const text of texts) {
      if (text.length < MIN_GENERIC_LENGTH) continue;
      if (findInFile(file, text).length) leaks.push(`stored text ${JSON.stringify(text.slice(0, 60))} in ${path.basename(file)}`);
    }
  }
  expect(leaks, phase).toEqual([]);
}

/** Each canary is where its writer said it would be: proves the writers really stored what the test looks for. */
function misplacedCanaries(texts: Set<string>, secrets: string[]): string[] {
  const all = [...texts];
  const misplaced = issued.filter((c: IssuedCanary) => {
    const inDb = all.some((v) => v.includes(c.value));
    const inVault = secrets.some((v) => v.includes(c.value));
    switch (c.where) {
      case 'db':
        return !inDb;
      case 'vault':
        return inDb || !inVault;
      case 'nowhere':
        return inDb || inVault;
      case 'unchecked':
        return false;
    }
  });
  return misplaced.map((c) => `${c.label} (${c.where})`);
}

beforeAll(async () => {
  // Mail stays in the outbox: the SMTP host is a canary, and this test must not reach the network.
  // Save dialogs answer "cancel", so nothing is written outside the data directory.
  t = await startCore({ vault, clock, dialogs: { chooseSavePath: async () => null }, ...({ mail: { pump: 'manual' } } as object) });
  await t.must('admin', 'auth.createFirstAdmin', { username: canary('admin username'), displayName: `${canary('admin name', 'letters')} Admin`, password: TEST_PASSWORD, confirmPassword: TEST_PASSWORD });
  await withStaff(t, ROLES);
  for (const writer of CANARY_WRITERS) {
    try {
      await writer.write(t, canary);
    } catch (e) {
      throw new Error(`canary writer "${writer.name}" failed: ${(e as Error).message}`);
    }
  }
  const stores = t.core.stores!;
  misplacedBeforeGeneric = misplacedCanaries(allStoredTexts([stores.customers, stores.contests]), [...vault.entries.values()]);
  genericCalls = await writeThroughEveryChannel(t, canary, clock.now().toISOString().slice(0, 10));
  keys = (['customers', 'contests'] as const).map((s) => {
    const hex = vault.entries.get(keyAccount(s))!;
    return { hex, raw: Buffer.from(hex, 'hex') };
  });
});

afterAll(async () => {
  await t.close();
});

describe('data at rest', () => {
  it('writers stored their canaries where they said (db, keychain, or nowhere)', () => {
    expect(issued.filter((c) => c.where !== 'unchecked').length).toBeGreaterThanOrEqual(10);
    expect(new Set(issued.map((c) => c.value)).size).toBe(issued.length);
    expect(misplacedBeforeGeneric).toEqual([]);
  });

  it('the generic writer reached every channel, and some of them stored data', () => {
    const reached = new Set(genericCalls.map((c) => c.channel));
    expect(reached.size).toBeGreaterThan(5);
    // A crash inside a handler is a bug whatever the input; refusals of made-up input are fine.
    expect(genericCalls.filter((c) => c.code === 'internal')).toEqual([]);
    expect(genericCalls.filter((c) => c.code === 'ok').length).toBeGreaterThan(5);
  });

  it('while the core is open (changes still in the WAL), no file holds a canary, a stored text, a key, or a plain SQLite header', () => {
    const stores = t.core.stores!;
    // The writes are still in the WAL, not yet checkpointed into the main file.
    const wal = path.join(t.dataDir, 'customers.db-wal');
    expect(fs.existsSync(wal) && fs.statSync(wal).size).toBeGreaterThan(0);
    expect(dataFiles().map((f) => path.basename(f))).toEqual(expect.arrayContaining(['customers.db', 'customers.db-wal', 'customers.db-shm', 'contests.db', 'contests.db-wal', 'contests.db-shm']));
    const texts = allStoredTexts([stores.customers, stores.contests]);
    expect([...texts].filter((s) => s.length >= MIN_GENERIC_LENGTH).length).toBeGreaterThan(20);
    expectNothingReadable(texts, 'open');
  });

  it('after close (checkpointed into the main files), the same holds', async () => {
    const stores = t.core.stores!;
    const texts = allStoredTexts([stores.customers, stores.contests]);
    await t.close();
    expect(fs.existsSync(path.join(t.dataDir, 'customers.db-wal'))).toBe(false);
    expectNothingReadable(texts, 'closed');

    // The data is really in the closed files: a decrypting connection reads back every stored text.
    const reopened = await Promise.all((['customers', 'contests'] as const).map((s) => openForInspection(t.dataDir, s, vault)));
    try {
      const after = allStoredTexts(reopened);
      expect([...texts].filter((v) => !after.has(v))).toEqual([]);
    } finally {
      for (const db of reopened) db.close();
    }
  });
});
