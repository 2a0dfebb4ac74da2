import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../../src/main/core';
import type { Clock, CoreDeps } from '../../src/main/context';
import { memoryVault, type KeyVault } from '../../src/main/keychain/vault';
import type { ChannelName, InputOf, OutputOf } from '../../src/shared/contract';
import type { Result } from '../../src/shared/errors';
import type { Role } from '../../src/shared/roles';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RESOURCES = path.join(ROOT, 'resources');
/** Worker threads in tests run the TypeScript source through tsx (see worker-boot.mjs). */
export const TEST_WORKER_ENTRY = { file: path.join(ROOT, 'test/support/worker-boot.mjs') };

/**
 * The cost of the test staff's password hashes: scrypt at N=2^10 (1 MiB), 32 times less work than
 * the app's N=2^15, which was most of the suites' CPU time. Signing in reads the cost from the
 * stored hash, so it is the app's own code path; test/integration/auth.test.ts checks that a core
 * given no cost hashes at the app's.
 */
export const TEST_PASSWORD_COST = { N: 1 << 10, r: 8, p: 1 } as const;

export function tempDir(prefix = 'ixo-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A clock the test moves by hand; sleep() records the delay and returns at once. */
export function manualClock(start = new Date('2026-11-26T09:00:00Z')): Clock & { advance(ms: number): void; slept: number[] } {
  let t = start.getTime();
  const slept: number[] = [];
  return {
    slept,
    now: () => new Date(t),
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
    advance(ms) {
      t += ms;
    },
  };
}

export interface TestCore {
  core: Core;
  dataDir: string;
  vault: KeyVault;
  /** Typed call as a connection; returns the raw Result. */
  call<K extends ChannelName>(conn: string, channel: K, input: InputOf<K>): Promise<Result<OutputOf<K>>>;
  /** Typed call that throws on error, for setup steps. */
  must<K extends ChannelName>(conn: string, channel: K, input: InputOf<K>): Promise<OutputOf<K>>;
  close(): Promise<void>;
}

export async function startCore(over: Partial<CoreDeps> = {}): Promise<TestCore> {
  const dataDir = over.dataDir ?? tempDir();
  const vault = over.vault ?? memoryVault();
  const core = await createCore({ dataDir, vault, resourcesDir: RESOURCES, workerEntry: TEST_WORKER_ENTRY, signInDelaysMs: [0], passwordCost: TEST_PASSWORD_COST, ...over });
  const call = (async (conn: string, channel: ChannelName, input: unknown) => core.dispatch(conn, channel, input)) as TestCore['call'];
  const must = (async (conn: string, channel: ChannelName, input: unknown) => {
    const r = await core.dispatch(conn, channel, input);
    if (!r.ok) throw new Error(`${channel} failed: ${r.error.code}: ${r.error.message}`);
    return r.value;
  }) as TestCore['must'];
  return { core, dataDir, vault, call, must, close: () => core.close() };
}

export const TEST_PASSWORD = 'correct horse battery';

/**
 * Creates the first admin on connection 'admin' and one signed-in staff member per requested role,
 * each on a connection named after the role.
 */
export async function withStaff(t: TestCore, roles: readonly Role[]): Promise<void> {
  const status = await t.must('admin', 'app.status', {});
  if (status.state === 'first_run') {
    await t.must('admin', 'auth.createFirstAdmin', { username: 'admin', displayName: 'Ada Admin', password: TEST_PASSWORD, confirmPassword: TEST_PASSWORD });
  }
  for (const role of roles) {
    if (role === 'admin') continue;
    const username = role.replace('_', '-');
    await t.must('admin', 'staff.create', { username, displayName: `Test ${role}`, role, password: TEST_PASSWORD });
    await t.must(role, 'auth.signIn', { username, password: TEST_PASSWORD });
  }
}
