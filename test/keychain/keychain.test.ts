import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core';
import { keyAccount, storeFile } from '../../src/main/db/open-store';
import { keytarVault } from '../../src/main/keychain/keytar-vault';
import { RESOURCES, ROOT, TEST_PASSWORD, tempDir } from '../support/core';
import { findInFile, listTree, snapshotTree } from '../support/inspect';

/**
 * Against the real Secret Service (gnome-keyring in a private D-Bus session; see run.sh).
 * Each run uses its own service name, so runs never see each other's keys.
 */

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
}
const keytar = createRequire(import.meta.url)('keytar') as Keytar;
const SERVICE = `fi.ixo.backoffice.test-${randomBytes(6).toString('hex')}`;
const STORES = ['customers', 'contests'] as const;

beforeAll(() => {
  if (!process.env['DBUS_SESSION_BUS_ADDRESS']) throw new Error('No D-Bus session: run this suite through test/keychain/run.sh');
});

afterAll(async () => {
  for (const c of await keytar.findCredentials(SERVICE)) await keytar.deletePassword(SERVICE, c.account);
});

const open = (dataDir: string, service = SERVICE): Promise<Core> => createCore({ dataDir, vault: keytarVault(service), resourcesDir: RESOURCES, signInDelaysMs: [0] });

describe('keytarVault', () => {
  it('stores, reads back and overwrites secrets in the Secret Service', async () => {
    const vault = keytarVault(SERVICE);
    await expect(vault.probe()).resolves.toBeUndefined();
    expect(await vault.get('round-trip')).toBeNull();
    const secret = randomBytes(32).toString('hex');
    await vault.set('round-trip', secret);
    expect(await vault.get('round-trip')).toBe(secret);
    // The secret is really in the keychain, not held by the vault object.
    expect(await keytar.getPassword(SERVICE, 'round-trip')).toBe(secret);
    expect(await keytarVault(SERVICE).get('round-trip')).toBe(secret);
    await vault.set('round-trip', 'second value');
    expect(await keytarVault(SERVICE).get('round-trip')).toBe('second value');
  });
});

describe('createCore with the real keychain', () => {
  const dataDir = path.join(tempDir('ixo-keychain-'), 'data');
  const keys: Record<string, string> = {};

  it('creates both stores with fresh keys kept in the keychain', async () => {
    const core = await open(dataDir);
    try {
      expect(core.status()).toEqual({ state: 'first_run' });
      for (const store of STORES) {
        const key = await keytar.getPassword(SERVICE, keyAccount(store));
        expect(key, store).toMatch(/^[0-9a-f]{64}$/);
        keys[store] = key!;
        expect(fs.existsSync(storeFile(dataDir, store))).toBe(true);
      }
      expect(keys['customers']).not.toBe(keys['contests']);
      expect(core.stores!.customersKeyHex).toBe(keys['customers']);
      expect(core.stores!.contestsKeyHex).toBe(keys['contests']);
      const admin = await core.dispatch('w', 'auth.createFirstAdmin', { username: 'admin', displayName: 'Ada Admin', password: TEST_PASSWORD, confirmPassword: TEST_PASSWORD });
      expect(admin.ok).toBe(true);
      // While open: the WAL and shared-memory files exist and must not hold the keys either.
      expectNoKeyInFiles(dataDir, keys);
    } finally {
      await core.close();
    }
    expectNoKeyInFiles(dataDir, keys);
  });

  it('a second core on the same folder opens it with the stored keys', async () => {
    const core = await open(dataDir);
    try {
      expect(core.status()).toEqual({ state: 'ready' });
      expect(core.stores!.customersKeyHex).toBe(keys['customers']);
      const signIn = await core.dispatch('r', 'auth.signIn', { username: 'admin', password: TEST_PASSWORD });
      expect(signIn.ok).toBe(true);
    } finally {
      await core.close();
    }
    expectNoKeyInFiles(dataDir, keys);
  });

  it('the same files under another keychain entry: key_missing, files untouched', async () => {
    const before = snapshotTree(dataDir);
    const core = await open(dataDir, `${SERVICE}.other`);
    const status = core.status();
    await core.close();
    expect(status.state === 'store_error' && status.failure.problem).toBe('key_missing');
    expect(snapshotTree(dataDir)).toEqual(before);
    expect(await keytar.getPassword(`${SERVICE}.other`, keyAccount('customers'))).toBeNull();
  });
});

describe('without a D-Bus session', () => {
  it('the core reports no_keychain and creates no file or folder', async () => {
    const parent = tempDir('ixo-nodbus-');
    const dataDir = path.join(parent, 'data');
    const emptyRuntime = tempDir('ixo-nodbus-runtime-');
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: emptyRuntime };
    // No session bus, no display to autolaunch one from, no fallback socket in the runtime dir.
    for (const name of ['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'WAYLAND_DISPLAY']) delete env[name];
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/keychain/no-dbus-child.ts'), dataDir, SERVICE], {
      cwd: ROOT,
      env,
      timeout: 45_000,
    });
    const line = stdout.trim().split('\n').at(-1)!;
    const result = JSON.parse(line) as { status: { state: string; failure?: { problem: string; message: string; action: string } }; dataDirExists: boolean };
    expect(result.status.state).toBe('store_error');
    expect(result.status.failure?.problem).toBe('no_keychain');
    expect(result.status.failure?.action).toMatch(/keychain|keyring/i);
    expect(result.dataDirExists).toBe(false);
    expect(listTree(parent)).toEqual([]);
  });
});

function expectNoKeyInFiles(dataDir: string, keys: Record<string, string>) {
  const files = listTree(dataDir).filter((f) => !f.endsWith('/'));
  expect(files).toEqual(expect.arrayContaining(['customers.db', 'contests.db']));
  for (const file of files) {
    const bytes = fs.readFileSync(path.join(dataDir, file));
    for (const [store, hex] of Object.entries(keys)) {
      expect(findInFile(path.join(dataDir, file), hex), `${store} key (hex) in ${file}`).toEqual([]);
      expect(findInFile(path.join(dataDir, file), hex.toUpperCase()), `${store} key (HEX) in ${file}`).toEqual([]);
      expect(bytes.includes(Buffer.from(hex, 'hex')), `${store} key (raw) in ${file}`).toBe(false);
    }
  }
}
