import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import type { BenchFigure, BenchModule } from './types';
import { makeEventBench } from './support/sync-event';
import { signInAs, startBenchCore, type BenchCore } from './support/core';
import { plainFigure, ratioFigure, timeFigure } from './support/figures';
import { percentile } from './support/stats';
import { startHubHarness } from '../test/support/hub-harness';
import { seedEntries } from '../test/sync/support';

/**
 * The sync client against a real hub process on a real PostgreSQL (embedded), on loopback.
 *
 * sync_push_entries_per_s: a booth core with 10,000 entries in its outbox runs "Sync now" until
 * everything is acknowledged: batches of 1,000 read from contests.db, four in flight, committed by the hub
 * (hash check, sealing, insert under the unique id, audit), and each answer recorded on the device
 * in a durable transaction. Baseline: the same rows (id, sha256, payload) written by raw multi-row
 * INSERTs of 500 rows, each committed, into a plain table of the same PostgreSQL.
 *
 * sync_lag_p95_ms: an entry captured through booth.capture on a booth core until it is in the
 * entries table of an office core in the same process; both run their own loops (a capture nudges
 * the booth's loop; the office's timer pulls every 2 s). No baseline exists for this one.
 */

const ENTRIES = 10_000;

async function plainInsertRate(url: string, rows: { id: string; sha256: string; payload: string }[]): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await pool.query('CREATE TABLE IF NOT EXISTS bench_sync_plain (id uuid PRIMARY KEY, sha256 text NOT NULL, payload text NOT NULL)');
    await pool.query('TRUNCATE bench_sync_plain');
    const t0 = performance.now();
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      const values = batch.map((_, j) => `($${j * 3 + 1}, $${j * 3 + 2}, $${j * 3 + 3})`).join(',');
      await pool.query(`INSERT INTO bench_sync_plain (id, sha256, payload) VALUES ${values}`, batch.flatMap((r) => [r.id, r.sha256, r.payload]));
    }
    return rows.length / ((performance.now() - t0) / 1000);
  } finally {
    await pool.end();
  }
}

const bench: BenchModule = {
  title: 'Sync client (booth and office cores, hub process, PostgreSQL)',
  async run({ quick, log }) {
    const figures: BenchFigure[] = [];
    const h = await startHubHarness({ embedded: true, env: { IXO_HUB_ENROLL_LIMIT: '100000' } });
    const cores: BenchCore[] = [];
    try {
      const hub = await h.startHub();
      const enroll = async (b: BenchCore, profile: 'booth' | 'office', name: string) =>
        b.must('admin', 'sync.enroll', { hubUrl: hub.url, code: await h.createCode(profile, name), deviceName: name });

      // --- push throughput
      const n = quick ? 2_000 : ENTRIES;
      const booth = await startBenchCore({ appVersion: '0.1.0', sync: { autoStart: false } });
      cores.push(booth);
      await signInAs(booth, 'manager', 'manager');
      const ev = await makeEventBench(booth, 'manager');
      await enroll(booth, 'booth', 'bench booth');
      await booth.must('admin', 'sync.now', {});
      seedEntries(booth, ev, n, 'bench');
      const rows = booth.core.stores!.contests.prepare("SELECT id, sha256, payload FROM sync_outbox WHERE kind = 'contest_entry'").all() as { id: string; sha256: string; payload: string }[];
      log(`sync: pushing ${n} entries`);
      const t0 = performance.now();
      const s = await booth.must('admin', 'sync.now', {});
      const secs = (performance.now() - t0) / 1000;
      if (s.pending !== 0 || s.state !== 'synced') throw new Error(`push did not finish: ${JSON.stringify(s)}`);
      const rate = n / secs;
      const plain = await plainInsertRate(h.pg.url, rows.map((r) => ({ ...r, id: crypto.randomUUID() })));
      figures.push({ key: 'sync_push_entries_per_s', value: Math.round(rate), unit: '/s', baseline: { label: 'raw multi-row INSERT, same PostgreSQL', value: Math.round(plain) }, target: { op: '>=', value: 5_000 } });
      figures.push(ratioFigure('sync_push_ratio', rate, plain, { note: 'sync push rate over the raw INSERT rate (below 1 means slower)' }));
      figures.push(plainFigure('sync_push_plain_rows_per_s', plain, '/s'));

      // --- capture-to-office lag
      const office = await startBenchCore({ appVersion: '0.1.0', sync: { intervalMs: 2_000, nudgeDelayMs: 100 } });
      cores.push(office);
      await signInAs(office, 'officemgr', 'manager');
      const lagBooth = await startBenchCore({ appVersion: '0.1.0', sync: { intervalMs: 2_000, nudgeDelayMs: 100 } });
      cores.push(lagBooth);
      // Before enrolling: an enrolled booth takes staff accounts only from office devices.
      const { conn } = await signInAs(lagBooth, 'kiosk', 'booth_staff');
      await enroll(office, 'office', 'bench office');
      await enroll(lagBooth, 'booth', 'bench lag booth');
      const officeEvent = await makeEventBench(office, 'officemgr');
      await office.must('admin', 'sync.now', {});
      await lagBooth.must('admin', 'sync.now', {});
      await office.must('admin', 'sync.now', {});
      const boothEv = (await lagBooth.must(conn, 'booth.events', {})).find((e) => e.name === 'Bench sync fair');
      if (!boothEv) throw new Error(`the event did not reach the booth (office event ${officeEvent})`);
      const config = await lagBooth.must(conn, 'booth.config', { eventId: boothEv.id });
      const seen = office.core.stores!.contests.prepare('SELECT 1 FROM entries WHERE uuid = ?').pluck();
      const lags: number[] = [];
      const count = quick ? 10 : 40;
      for (let i = 0; i < count; i++) {
        const t = performance.now();
        const r = await lagBooth.must(conn, 'booth.capture', {
          eventId: boothEv.id,
          language: 'en',
          rulesVersionId: config.rules.en.id,
          noticeVersionId: config.notice.en.id,
          questionIds: [],
          birthDate: '1980-01-01',
          name: `Lag ${i}`,
          email: `lag${i}@example.test`,
          phone: '',
          address: '',
          title: '',
          company: '',
          answers: {},
          rulesAccepted: true,
          marketingConsent: false,
        });
        if (r.outcome !== 'saved') throw new Error(r.outcome);
        // Wait for it on the office device, yielding to both loops.
        for (let k = 0; !seen.get(r.entryId); k++) {
          if (performance.now() - t > 60_000) throw new Error('entry did not reach the office device in 60 s');
          await new Promise((res) => setTimeout(res, 10));
        }
        lags.push(performance.now() - t);
      }
      figures.push(timeFigure('sync_lag_p95_ms', percentile(lags, 95), { label: 'none (p50 shown)', value: percentile(lags, 50) }, { target: { op: '<=', value: 3_000 }, note: 'office timer 2 s, booth nudge 100 ms' }));

      // --- a fresh device pulls the whole suppression list (the lag devices are closed first, or
      // their own loops would pull it at the same time in this process)
      await office.close();
      await lagBooth.close();
      cores.splice(cores.indexOf(office), 1);
      cores.splice(cores.indexOf(lagBooth), 1);
      const hashes = quick ? 100_000 : 1_000_000;
      await h.pool.query(
        `INSERT INTO customer.suppression (email_hmac, lists) SELECT sha256(int8send(g) || $1::bytea), 1 + (g % 7) FROM generate_series(1, $2::bigint) g`,
        [randomBytes(16), hashes],
      );
      await h.pool.query('VACUUM ANALYZE customer.suppression');
      const fresh = await startBenchCore({ appVersion: '0.1.0', sync: { autoStart: false } });
      cores.push(fresh);
      const code = await h.createCode('booth', 'bench fresh booth');
      log(`sync: a fresh booth pulls ${hashes} suppression hashes`);
      const blocks = monitorEventLoopDelay({ resolution: 5 });
      blocks.enable();
      const p0 = performance.now();
      await fresh.must('admin', 'sync.enroll', { hubUrl: hub.url, code, deviceName: 'bench fresh booth' });
      const ps = await fresh.must('admin', 'sync.now', {});
      const pullS = (performance.now() - p0) / 1000;
      blocks.disable();
      const local = fresh.core.stores!.customers.prepare('SELECT count(*) FROM suppression').pluck().get() as number;
      if (ps.state !== 'synced' || local < hashes) throw new Error(`pull did not finish: ${local} of ${hashes}, ${JSON.stringify(ps.lastError)}`);
      const client = new pg.Client({ connectionString: h.pg.url });
      await client.connect();
      const b0 = performance.now();
      await client.query("SELECT encode(email_hmac, 'hex') AS h, lists FROM customer.suppression");
      const plainS = (performance.now() - b0) / 1000;
      await client.end();
      figures.push(
        { key: 'suppression_pull_s', value: Math.round(pullS * 1000) / 1000, unit: 's', baseline: { label: 'one plain SELECT of the rows', value: Math.round(plainS * 1000) / 1000 }, target: { op: '<=', value: 10 }, note: `${hashes.toLocaleString('en')} hashes: enroll, feed pages of 50,000 (the next fetched while one is applied), applied into customers.db` },
        { key: 'suppression_pull_max_block_ms', value: Math.round(blocks.max / 1e5) / 10, unit: 'ms', note: 'longest the main thread was held during that pull (event-loop delay, 5 ms resolution)' },
      );
    } finally {
      for (const c of cores) await c.close();
      await h.close();
    }
    return figures;
  },
};

export default bench;
