import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../../src/main/core';
import type { CoreDeps } from '../../src/main/context';
import { memoryVault } from '../../src/main/keychain/vault';
import type { ChannelName, InputOf, OutputOf } from '../../src/shared/contract';
import type { Role } from '../../src/shared/roles';
import { TEST_WORKER_ENTRY } from '../../test/support/core';
import { benchDir } from './db';
import { ensureAppBuilt } from '../../test/e2e/support/build';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const BENCH_PASSWORD = 'bench password 1234';

export interface BenchCore {
  core: Core;
  dataDir: string;
  /** Dispatch as a connection; throws on an error result (a bench must not time failures). */
  must<K extends ChannelName>(conn: string, channel: K, input: InputOf<K>): Promise<OutputOf<K>>;
  close(): Promise<void>;
}

/**
 * A real core (createCore, encrypted stores in a fresh temp dir, in-memory key vault) with the
 * first admin signed in on connection 'admin'.
 */
export async function startBenchCore(over: Partial<CoreDeps> = {}): Promise<BenchCore> {
  const dataDir = over.dataDir ?? benchDir('ixo-bench-core-');
  const core = await createCore({
    dataDir,
    vault: memoryVault(),
    resourcesDir: path.join(ROOT, 'resources'),
    workerEntry: TEST_WORKER_ENTRY,
    signInDelaysMs: [0],
    ...over,
  });
  const must = (async (conn: string, channel: ChannelName, input: unknown) => {
    const r = await core.dispatch(conn, channel, input);
    if (!r.ok) throw new Error(`${channel} failed: ${r.error.code}: ${r.error.message}`);
    return r.value;
  }) as BenchCore['must'];
  await must('admin', 'auth.createFirstAdmin', { username: 'admin', displayName: 'Bench Admin', password: BENCH_PASSWORD, confirmPassword: BENCH_PASSWORD });
  return { core, dataDir, must, close: () => core.close() };
}

/** Creates a staff member with the given role and signs them in on a connection named after the username. */
export async function signInAs(b: BenchCore, username: string, role: Role): Promise<{ conn: string; id: number }> {
  const member = await b.must('admin', 'staff.create', { username, displayName: `Bench ${role}`, role, password: BENCH_PASSWORD });
  await b.must(username, 'auth.signIn', { username, password: BENCH_PASSWORD });
  return { conn: username, id: member.id };
}

/**
 * The job worker as it ships: the built bundle (out/main/worker.js, rebuilt here when the sources
 * are newer), so figures of calls that run jobs do not include tsx compiling TypeScript in the worker.
 */
export function builtWorkerEntry(): { file: string } {
  ensureAppBuilt();
  return { file: path.join(ROOT, 'out/main/worker.js') };
}
