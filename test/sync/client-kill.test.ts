/**
 * The client killed between the hub's answer and its own acknowledgement: the hub committed the
 * batch, the device never recorded it. The next round sends the same rows again; the hub answers
 * "duplicate" and the rows are acknowledged, so the hub still holds each entry exactly once.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryVault } from '../../src/main/keychain/vault';
import { manualClock, RESOURCES, ROOT, startCore, TEST_PASSWORD, withStaff } from '../support/core';
import { count, makeEvent, TODAY } from '../integration/booth-support';
import { seedEntries, useHub } from './support';

const hubs = useHub();

function runChild(env: Record<string, string>): Promise<{ out: string; err: string; signal: NodeJS.Signals | null; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/sync/sync-child.ts')], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.once('exit', (code, signal) => resolve({ out, err, signal, code }));
  });
}

describe('client killed after the hub answered', () => {
  it('sends the batch again after the restart; the hub keeps one row per entry and every row ends acknowledged', async () => {
    const vault = memoryVault();
    const opts = { vault, clock: manualClock(new Date(`${TODAY}T09:00:00Z`)), appVersion: '0.1.0', sync: { intervalMs: 3_600_000, nudgeDelayMs: 3_600_000 } };
    const t = await startCore(opts);
    await withStaff(t, ['manager']);
    // Made before enrolling: an enrolled booth makes no events.
    const ev = await makeEvent(t, { name: 'Kill fair' });
    await t.must('admin', 'sync.enroll', { hubUrl: hubs.hub.url, code: await hubs.h.createCode('booth', 'killed booth'), deviceName: 'killed booth' });
    await t.must('admin', 'sync.now', {});
    const ids = seedEntries(t, ev.id, 50, 'kill');
    const dataDir = t.dataDir;
    await t.close();

    const child = await runChild({ SYNC_CHILD_DIR: dataDir, SYNC_CHILD_KEYS: JSON.stringify(Object.fromEntries(vault.entries)), SYNC_CHILD_RESOURCES: RESOURCES, SYNC_CHILD_PASSWORD: TEST_PASSWORD });
    expect(child.out, child.err).toContain('ANSWERED');
    expect(child.signal).toBe('SIGKILL');

    const onHub = async () => Number((await hubs.h.pool.query<{ n: string }>('SELECT count(*) AS n FROM contest.entries WHERE id = ANY($1::uuid[])', [ids])).rows[0]!.n);
    // The hub committed; the device never recorded the answer.
    expect(await onHub()).toBe(50);
    // autoStart off: the check below must see the rows before any round runs.
    const again = await startCore({ ...opts, dataDir, sync: { ...opts.sync, autoStart: false } });
    try {
      await again.must('admin', 'auth.signIn', { username: 'admin', password: TEST_PASSWORD });
      const db = again.core.stores!.contests;
      expect(count(db, 'sync_outbox', "kind = 'contest_entry' AND sent_at IS NULL")).toBe(50);
      const s = await again.must('admin', 'sync.now', {});
      expect(s).toMatchObject({ state: 'synced', pending: 0, conflicts: 0 });
      expect(count(db, 'sync_outbox', "kind = 'contest_entry' AND sent_at IS NULL")).toBe(0);
      expect(await onHub()).toBe(50);
    } finally {
      await again.close();
    }
  });
});
