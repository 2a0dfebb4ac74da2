/**
 * Exactly once under faults: 10,000 entries from 5 booth cores go to a real hub through the fault
 * proxy (30% of answers dropped after the hub committed, 5% of requests cut before the hub, 2% sent
 * twice, 0-200 ms delay), with 3 seeds. Each booth's own loop runs with its backoff until it reports
 * everything sent. Pass: exactly 10,000 hub rows, each with the hash the booth stored at capture, and
 * every outbox row acknowledged.
 */
import { describe, expect, it } from 'vitest';
import { PATHS } from '../../src/shared/sync';
import type { SyncStatus } from '../../src/shared/contract/sync';
import { startFaultProxy } from '../support/fault-proxy';
import { rng } from '../support/rng';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';
import { makeEvent, TODAY } from '../integration/booth-support';
import { seedEntries, useHub } from './support';

const BOOTHS = 5;
const PER_BOOTH = 2_000;

const hubs = useHub();

describe('exactly once under faults', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: 10,000 entries from 5 booths, each stored once with its capture hash, every outbox row acknowledged`, async () => {
      const proxy = await startFaultProxy({
        target: hubs.hub.url,
        seed,
        dropAfterCommit: 0.3,
        failBeforeHub: 0.05,
        duplicate: 0.02,
        delayMs: [0, 200],
        // Enrollment and token refresh are one-shot by design (a lost answer spends the code or the
        // refresh token); every sync call after them is faulted.
        faultIf: (_m, path) => path !== PATHS.enroll && path !== PATHS.refresh,
      });
      const cores: TestCore[] = [];
      try {
        const done: Promise<void>[] = [];
        const expected = new Map<string, string>();
        for (let b = 0; b < BOOTHS; b++) {
          let resolveDone!: () => void;
          done.push(new Promise<void>((r) => (resolveDone = r)));
          const onChange = (s: SyncStatus) => {
            if (s.state === 'synced' && s.pending === 0) resolveDone();
          };
          const t = await startCore({
            clock: manualClock(new Date(`${TODAY}T09:00:00Z`)),
            appVersion: '0.1.0',
            deviceName: `booth-${seed}-${b}`,
            sync: { backoff: { baseMs: 20, capMs: 400 }, intervalMs: 3_600_000, nudgeDelayMs: 3_600_000, onChange, random: rng(seed * 100 + b) },
          });
          cores.push(t);
          await withStaff(t, ['manager']);
          const ev = await makeEvent(t, { name: `Fair ${seed}-${b}` });
          const ids = seedEntries(t, ev.id, PER_BOOTH, `s${seed}b${b}`);
          const rows = t.core.stores!.contests.prepare("SELECT id, sha256 FROM sync_outbox WHERE kind = 'contest_entry'").all() as { id: string; sha256: string }[];
          for (const r of rows) expected.set(r.id, r.sha256);
          expect(ids).toHaveLength(PER_BOOTH);
          // Enrolls through the proxy and starts the booth's own loop (enroll triggers a round).
          await t.must('admin', 'sync.enroll', { hubUrl: proxy.url, code: await hubs.h.createCode('booth', `booth ${seed}-${b}`), deviceName: `booth ${seed}-${b}` });
        }
        await Promise.all(done);

        expect(expected.size).toBe(BOOTHS * PER_BOOTH);
        const onHub = await hubs.h.pool.query<{ id: string; sha256: string }>('SELECT id::text, sha256 FROM contest.entries WHERE id = ANY($1::uuid[])', [[...expected.keys()]]);
        expect(onHub.rowCount).toBe(BOOTHS * PER_BOOTH);
        const mismatched = onHub.rows.filter((r) => expected.get(r.id) !== r.sha256);
        expect(mismatched).toEqual([]);
        const devices = await hubs.h.pool.query<{ n: string }>(
          'SELECT count(*) AS n FROM contest.entries e JOIN hub.devices d ON d.id = e.device_id WHERE d.name LIKE $1',
          [`booth ${seed}-%`],
        );
        expect(Number(devices.rows[0]!.n)).toBe(BOOTHS * PER_BOOTH);
        for (const t of cores) {
          const unacked = t.core.stores!.contests.prepare("SELECT count(*) AS n FROM sync_outbox WHERE kind = 'contest_entry' AND sent_at IS NULL").get() as { n: number };
          expect(unacked.n).toBe(0);
        }
        // The faults did happen.
        expect(proxy.stats.droppedAfterCommit).toBeGreaterThan(0);
        expect(proxy.stats.failedBeforeHub + proxy.stats.duplicated).toBeGreaterThan(0);
      } finally {
        for (const t of cores) await t.close();
        await proxy.close();
      }
    });
  }
});
