import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/main/audit/log';
import { createCore, type Core } from '../../src/main/core';
import { keyAccount, openKeyed, storeFile, type StoreName } from '../../src/main/db/open-store';
import { customersMigrations } from '../../src/main/db/migrations/customers';
import { contestsMigrations } from '../../src/main/db/migrations/contests';
import { latestVersion } from '../../src/main/db/migrate';
import { KeychainUnavailableError, memoryVault, type KeyVault } from '../../src/main/keychain/vault';
import { enqueue } from '../../src/main/sync/outbox';
import type { StoreProblem } from '../../src/shared/contract/app';
import { RESOURCES, startCore, tempDir, withStaff, TEST_WORKER_ENTRY } from '../support/core';
import { listTree, snapshotTree } from '../support/inspect';

const STORES: readonly StoreName[] = ['customers', 'contests'];
const MIGRATIONS = { customers: customersMigrations, contests: contestsMigrations };

const opened: Core[] = [];
afterEach(async () => {
  for (const c of opened.splice(0)) await c.close();
});

async function open(dataDir: string, vault: KeyVault): Promise<Core> {
  const core = await createCore({ dataDir, vault, resourcesDir: RESOURCES, workerEntry: TEST_WORKER_ENTRY, signInDelaysMs: [0] });
  opened.push(core);
  return core;
}

/**
 * A data directory written by a real core (admin, staff, audit rows), cleanly closed. Built once per
 * kind and copied for each test (with its own copy of the keys), since hashing passwords is slow.
 */
const templates = new Map<string, Promise<{ dataDir: string; keys: Map<string, string> }>>();
async function populatedDir(extra?: (t: Awaited<ReturnType<typeof startCore>>) => void) {
  const kind = extra ? extra.name : 'plain';
  let template = templates.get(kind);
  if (!template) {
    template = (async () => {
      const t = await startCore();
      await withStaff(t, ['manager', 'office_staff']);
      extra?.(t);
      await t.close();
      return { dataDir: t.dataDir, keys: new Map((t.vault as ReturnType<typeof memoryVault>).entries) };
    })();
    templates.set(kind, template);
  }
  const { dataDir: source, keys } = await template;
  const dataDir = tempDir();
  fs.cpSync(source, dataDir, { recursive: true });
  return { dataDir, vault: memoryVault(Object.fromEntries(keys)) };
}

/** Expects the core to refuse with `problem` on `store`, without touching the directory. */
async function expectRefusedUntouched(dataDir: string, vault: KeyVault, problem: StoreProblem, store?: StoreName) {
  const before = snapshotTree(dataDir);
  const core = await open(dataDir, vault);
  const status = core.status();
  expect(status.state).toBe('store_error');
  if (status.state !== 'store_error') return;
  expect(status.failure.problem).toBe(problem);
  if (store) expect(status.failure.store).toBe(store);
  // The screen names the problem and what to do.
  expect(status.failure.message.length).toBeGreaterThan(20);
  expect(status.failure.action.length).toBeGreaterThan(20);
  expect(await core.dispatch('c', 'app.status', {})).toEqual({ ok: true, value: status });
  expect(core.stores).toBeNull();
  expect(snapshotTree(dataDir)).toEqual(before);
  const signIn = await core.dispatch('c', 'auth.signIn', { username: 'admin', password: 'whatever-password' });
  expect(signIn.ok === false && signIn.error.code).toBe('store_unavailable');
  const staff = await core.dispatch('c', 'staff.list', {});
  expect(staff.ok === false && staff.error.code).toBe('store_unavailable');
  await core.close();
  expect(snapshotTree(dataDir)).toEqual(before);
}

/** After the cause is removed, the same files open again with everything in them. */
async function expectOpensAgain(dataDir: string, vault: KeyVault) {
  const core = await open(dataDir, vault);
  expect(core.status()).toEqual({ state: 'ready' });
  const signIn = await core.dispatch('c', 'auth.signIn', { username: 'admin', password: 'correct horse battery' });
  expect(signIn.ok).toBe(true);
  const staff = await core.dispatch('c', 'staff.list', {});
  expect(staff.ok && (staff.value as unknown[]).length).toBe(3);
}

const unavailable = () => new KeychainUnavailableError(new Error('org.freedesktop.secrets was not provided by any .service files'));

describe('no keychain', () => {
  const vaults: Record<string, () => KeyVault> = {
    'probe throws': () => ({ ...memoryVault(), probe: async () => Promise.reject(unavailable()) }),
    'get throws': () => ({ ...memoryVault(), get: async () => Promise.reject(unavailable()) }),
    'set throws (locked keychain refuses to store)': () => ({ ...memoryVault(), set: async () => Promise.reject(unavailable()) }),
    'set is silently dropped': () => ({ ...memoryVault(), set: async () => {} }),
  };

  for (const [name, make] of Object.entries(vaults)) {
    it(`${name}: no_keychain, and no folder or file is created`, async () => {
      const parent = tempDir();
      const dataDir = path.join(parent, 'data', 'nested');
      const core = await open(dataDir, make());
      const status = core.status();
      expect(status.state === 'store_error' && status.failure.problem).toBe('no_keychain');
      expect(fs.existsSync(path.join(parent, 'data'))).toBe(false);
      expect(listTree(parent)).toEqual([]);
      await core.close();
      expect(listTree(parent)).toEqual([]);
    });
  }

  it('an existing empty data folder stays empty', async () => {
    const dataDir = tempDir();
    await expectRefusedUntouched(dataDir, vaults['probe throws']!(), 'no_keychain');
    expect(listTree(dataDir)).toEqual([]);
  });

  it('existing files are left untouched', async () => {
    const { dataDir } = await populatedDir();
    await expectRefusedUntouched(dataDir, vaults['probe throws']!(), 'no_keychain');
  });
});

describe('key missing while the files exist', () => {
  for (const store of STORES) {
    it(`${store}: key_missing, every file byte-for-byte unchanged`, async () => {
      const { dataDir, vault } = await populatedDir();
      const key = vault.entries.get(keyAccount(store))!;
      vault.entries.delete(keyAccount(store));
      await expectRefusedUntouched(dataDir, vault, 'key_missing', store);
      // And no new key was made up in its place.
      expect(vault.entries.has(keyAccount(store))).toBe(false);
      vault.entries.set(keyAccount(store), key);
      await expectOpensAgain(dataDir, vault);
    });
  }

  it('both keys gone: key_missing, untouched', async () => {
    const { dataDir, vault } = await populatedDir();
    vault.entries.clear();
    await expectRefusedUntouched(dataDir, vault, 'key_missing', 'customers');
    expect(vault.entries.size).toBe(0);
  });
});

describe('wrong key', () => {
  for (const store of STORES) {
    it(`${store}: wrong_key, untouched`, async () => {
      const { dataDir, vault } = await populatedDir();
      const key = vault.entries.get(keyAccount(store))!;
      vault.entries.set(keyAccount(store), randomBytes(32).toString('hex'));
      await expectRefusedUntouched(dataDir, vault, 'wrong_key', store);
      vault.entries.set(keyAccount(store), key);
      await expectOpensAgain(dataDir, vault);
    });

    it(`${store}: wrong_key even without the key fingerprint file, untouched`, async () => {
      const { dataDir, vault } = await populatedDir();
      fs.rmSync(`${storeFile(dataDir, store)}.keycheck`);
      vault.entries.set(keyAccount(store), randomBytes(32).toString('hex'));
      await expectRefusedUntouched(dataDir, vault, 'wrong_key', store);
    });
  }

  it('a keychain entry that is not a key: wrong_key, untouched', async () => {
    const { dataDir, vault } = await populatedDir();
    vault.entries.set(keyAccount('customers'), 'hunter2');
    await expectRefusedUntouched(dataDir, vault, 'wrong_key', 'customers');
  });
});

/** XORs `length` bytes at `offset`, so the damage is certain to change them. */
function damage(file: string, offset: number, length = 16) {
  const fd = fs.openSync(file, 'r+');
  try {
    const buf = Buffer.alloc(length);
    fs.readSync(fd, buf, 0, length, offset);
    for (let i = 0; i < length; i++) buf[i] = buf[i]! ^ 0xa5;
    fs.writeSync(fd, buf, 0, length, offset);
  } finally {
    fs.closeSync(fd);
  }
}

describe('corrupted file', () => {
  for (const store of STORES) {
    for (const offset of [0, 40, 1000, 4090]) {
      it(`${store}: damage in page 1 at byte ${offset} → corrupt, untouched`, async () => {
        const { dataDir, vault } = await populatedDir();
        damage(storeFile(dataDir, store), offset, 6);
        await expectRefusedUntouched(dataDir, vault, 'corrupt', store);
      });
    }
  }

  /** Fills both stores through the real write paths until they span many pages. */
  let pages: Record<StoreName, { pageSize: number; pageCount: number }>;
  const fill = (t: Awaited<ReturnType<typeof startCore>>) => {
    const { customers, contests } = t.core.stores!;
    customers.transaction(() => {
      for (let i = 0; i < 1500; i++) appendAudit(customers, new Date().toISOString(), { actorId: 1, actorName: 'Ada Admin', action: 'test.fill', subjectType: 'staff', subjectId: i, details: { n: i, pad: 'x'.repeat(100) } });
    })();
    contests.transaction(() => {
      for (let i = 0; i < 1500; i++) enqueue(contests, 'contest_entry', { n: i, pad: 'y'.repeat(100) }, new Date().toISOString(), `id-${i}`);
    })();
    pages = {} as typeof pages;
    for (const store of STORES) {
      const db = t.core.stores![store];
      expect(db.pragma('freelist_count', { simple: true })).toBe(0);
      pages[store] = { pageSize: db.pragma('page_size', { simple: true }) as number, pageCount: db.pragma('page_count', { simple: true }) as number };
    }
  };

  for (const store of STORES) {
    it(`${store}: damage to a page in the middle of a large file → corrupt, untouched`, async () => {
      const { dataDir, vault } = await populatedDir(fill);
      const { pageSize, pageCount } = pages[store];
      expect(pageCount).toBeGreaterThan(40);
      const file = storeFile(dataDir, store);
      expect(fs.statSync(file).size).toBe(pageSize * pageCount);
      const page = Math.floor(pageCount / 2);
      damage(file, page * pageSize + 700, 16);
      await expectRefusedUntouched(dataDir, vault, 'corrupt', store);
    });
  }
});

describe('a database from a newer version', () => {
  for (const store of STORES) {
    it(`${store}: future_version, untouched`, async () => {
      const { dataDir, vault } = await populatedDir();
      const db = openKeyed(storeFile(dataDir, store), vault.entries.get(keyAccount(store))!, { fileMustExist: true });
      const known = latestVersion(MIGRATIONS[store]);
      db.pragma(`user_version = ${known + 1}`);
      db.close();
      await expectRefusedUntouched(dataDir, vault, 'future_version', store);
      const status = (await open(dataDir, vault)).status();
      expect(status.state === 'store_error' && status.failure.message).toContain(String(known + 1));
    });
  }
});

describe('first run', () => {
  it('creates both stores, keys only in the vault, and reopens them', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const vault = memoryVault();
    const core = await open(dataDir, vault);
    expect(core.status()).toEqual({ state: 'first_run' });
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const store of STORES) {
      expect(vault.entries.get(keyAccount(store))).toMatch(/^[0-9a-f]{64}$/);
      expect(fs.existsSync(storeFile(dataDir, store))).toBe(true);
    }
    expect(vault.entries.get(keyAccount('customers'))).not.toBe(vault.entries.get(keyAccount('contests')));
    await core.close();
    const again = await open(dataDir, vault);
    expect(again.status()).toEqual({ state: 'first_run' });
  });
});
