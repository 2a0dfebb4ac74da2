import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, CUSTOMER_ROLE, type Pool } from '../../src/hub/db';
import { mergeSuppression } from '../../src/hub/push';
import { errorBody, feedPages, PATHS, pushResponse, type EnrollResponse, type Feed, type FeedPage, type PushItem } from '../../src/shared/sync/protocol';
import { call, startHubHarness, type HubHarness, type HubProcess } from '../support/hub-harness';
import { rng } from '../support/rng';
import { unpackSuppression } from '../../src/shared/sync/packed';
import { entryItem, eventItem, sha, suppressionItem } from './client';

let h: HubHarness;
let hub: HubProcess;
let office: EnrollResponse;
let booth: EnrollResponse;

beforeAll(async () => {
  h = await startHubHarness();
  hub = await h.startHub();
  office = await h.enroll(hub, 'office', 'Office');
  booth = await h.enroll(hub, 'booth', 'Booth');
});
afterAll(async () => {
  await h?.close();
});

async function page<F extends Feed>(feed: F, token: string, cursor?: string, limit = 1000): Promise<FeedPage<F>> {
  const q = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
  const r = await call(hub.url, `${PATHS.feed(feed)}?${q}`, { token });
  if (r.status !== 200) throw new Error(`feed ${feed}: ${r.status} ${JSON.stringify(r.body)}`);
  return feedPages[feed].parse(r.body) as FeedPage<F>;
}

const push = async (items: PushItem[], token: string) => pushResponse.parse((await call(hub.url, PATHS.push, { body: { items }, token })).body);

describe('suppression feed', () => {
  it('50 concurrent writers with random commit delays: the reader ends with exactly the hub set', async () => {
    const random = rng(12);
    const hashes = Array.from({ length: 400 }, () => randomBytes(32).toString('hex'));
    const writersPool: Pool = createPool(h.pg.url, 60);
    const seen = new Map<string, number>();
    let cursor: string | undefined;
    let pages = 0;
    const pullOnce = async () => {
      const p = await page('suppression', booth.tokens.accessToken, cursor, 37);
      if (p.resync) throw new Error(`unexpected resync at ${cursor}: ${p.reason}`);
      // Each item is the hash's state; a later one replaces an earlier one.
      for (const it of unpackSuppression(Buffer.from(p.packed, 'base64'), p.count)) seen.set(it.emailHmac, it.lists);
      cursor = p.nextCursor;
      pages++;
      return p;
    };
    let writing = true;
    const reader = (async () => {
      while (writing) await pullOnce();
    })();
    const direct = Array.from({ length: 50 }, async () => {
      for (let round = 0; round < 4; round++) {
        const picks = new Map<string, number>();
        for (let k = 0; k < 6; k++) picks.set(hashes[Math.floor(random() * hashes.length)]!, 1 << Math.floor(random() * 3));
        const wait = Math.floor(random() * 60);
        const c = await writersPool.connect();
        try {
          await c.query('BEGIN');
          await c.query(`SET LOCAL ROLE ${CUSTOMER_ROLE}`);
          await mergeSuppression(c, picks);
          // Hold the transaction open so commits land out of the order their rows were written in.
          await delay(wait);
          await c.query('COMMIT');
        } finally {
          c.release();
        }
      }
    });
    // Opt-outs arriving through the hub at the same time.
    const viaHub = Array.from({ length: 5 }, async () => {
      for (let round = 0; round < 5; round++) {
        const items = Array.from({ length: 8 }, () => suppressionItem(hashes[Math.floor(random() * hashes.length)]!, 1 + Math.floor(random() * 7)));
        const r = await push(items, office.tokens.accessToken);
        expect(r.results.every((x) => x.status === 'stored')).toBe(true);
      }
    });
    await Promise.all([...direct, ...viaHub]);
    writing = false;
    await reader;
    for (let i = 0; i < 1000; i++) {
      const p = await pullOnce();
      if (!p.hasMore && p.count === 0) break;
    }
    await writersPool.end();
    const hubSet = await h.pool.query<{ h: string; lists: number }>("SELECT encode(email_hmac, 'hex') AS h, lists FROM customer.suppression");
    expect(hubSet.rows.length).toBeGreaterThan(100);
    expect(new Map([...seen].sort())).toEqual(new Map(hubSet.rows.map((r) => [r.h, r.lists] as const).sort()));
    expect(pages).toBeGreaterThan(5);
  });

  it('carries lifts: each hash and list follows its latest change by time, an older change arriving late loses, and an opt-out wins a tie', async () => {
    const hash = randomBytes(32).toString('hex');
    const change = (lists: number, cleared: number, at: string): PushItem => {
      const payload = JSON.stringify({ emailHmac: hash, lists, cleared, at });
      return { id: randomUUID(), kind: 'suppression', sha256: sha(payload), payload, createdAt: at };
    };
    const stateNow = async () => {
      let cursor: string | undefined;
      let state: number | undefined;
      for (let i = 0; i < 100; i++) {
        const p = await page('suppression', booth.tokens.accessToken, cursor, 10_000);
        if (p.resync) throw new Error('unexpected resync');
        for (const it of unpackSuppression(Buffer.from(p.packed, 'base64'), p.count)) if (it.emailHmac === hash) state = it.lists;
        cursor = p.nextCursor;
        if (!p.hasMore) break;
      }
      return state;
    };
    const stored = async (item: PushItem) => expect((await push([item], office.tokens.accessToken)).results[0]!.status).toBe('stored');
    await stored(change(4 | 1, 0, '2026-12-01T10:00:00.000Z'));
    expect(await stateNow()).toBe(5);
    // A new consent on another device lifts email marketing.
    await stored(change(0, 4, '2026-12-01T11:00:00.000Z'));
    expect(await stateNow()).toBe(1);
    // An opt-out taken earlier, offline, arrives after the lift: it is older, so the lift stands.
    await stored(change(4, 0, '2026-12-01T10:30:00.000Z'));
    expect(await stateNow()).toBe(1);
    // Everything lifted: the hash stays in the feed with no lists, so devices drop it.
    await stored(change(0, 1, '2026-12-01T12:00:00.000Z'));
    expect(await stateNow()).toBe(0);
    // A lift and an opt-out at the same instant: the opt-out wins.
    await stored(change(0, 2, '2026-12-01T13:00:00.000Z'));
    await stored(change(2, 0, '2026-12-01T13:00:00.000Z'));
    expect(await stateNow()).toBe(2);
    // A change that sets and clears one list at once is refused and writes nothing.
    const bad = await push([change(2, 2, '2026-12-01T14:00:00.000Z')], office.tokens.accessToken);
    expect(bad.results[0]).toMatchObject({ status: 'refused', code: 'malformed_payload' });
    expect(await stateNow()).toBe(2);
  });

  it('a page read twice is the same page, and applying it twice changes nothing', async () => {
    const a = await page('suppression', booth.tokens.accessToken, undefined, 10);
    const b = await page('suppression', booth.tokens.accessToken, undefined, 10);
    if (a.resync || b.resync) throw new Error('unexpected resync');
    // The same items; the cursor may differ, as it carries the horizon of the first copy.
    expect({ packed: b.packed, count: b.count, hasMore: b.hasMore }).toEqual({ packed: a.packed, count: a.count, hasMore: a.hasMore });
    expect(a.count).toBe(10);
    const next = await page('suppression', booth.tokens.accessToken, b.nextCursor, 10);
    if (next.resync) throw new Error('unexpected resync');
    expect(unpackSuppression(Buffer.from(next.packed, 'base64'), next.count)[0]!.emailHmac > unpackSuppression(Buffer.from(a.packed, 'base64'), a.count)[9]!.emailHmac).toBe(true);
  });

  it('answers resync for a cursor from another database or below the kept history, and bad_request for a made-up one', async () => {
    const p = await page('suppression', booth.tokens.accessToken, undefined, 5);
    if (p.resync) throw new Error('unexpected resync');
    const [, xid, seq] = p.nextCursor.split('.');
    const foreign = await page('suppression', booth.tokens.accessToken, `${'0'.repeat(32)}.${xid}.${seq}`);
    expect(foreign).toMatchObject({ resync: true });
    await h.pool.query("INSERT INTO hub.meta (key, value) VALUES ('feed_floor:suppression', (pg_current_xact_id())::text)");
    const old = await page('suppression', booth.tokens.accessToken, p.nextCursor);
    expect(old).toMatchObject({ resync: true });
    // After a resync the device starts again from the beginning and is served.
    expect((await page('suppression', booth.tokens.accessToken)).resync).toBe(false);
    await h.pool.query("DELETE FROM hub.meta WHERE key = 'feed_floor:suppression'");
    const bad = await call(hub.url, `${PATHS.feed('suppression')}?cursor=abc`, { token: booth.tokens.accessToken });
    expect(bad.status).toBe(400);
    expect(errorBody.parse(bad.body).error.code).toBe('bad_request');
  });
});

describe('events feed', () => {
  it('brings the newest version of each event to a booth; an older version pushed later changes nothing', async () => {
    const eventId = randomUUID();
    await push([eventItem(eventId, 1, { name: 'Fair v1' })], office.tokens.accessToken);
    await push([eventItem(eventId, 3, { name: 'Fair v3' })], office.tokens.accessToken);
    await push([eventItem(eventId, 2, { name: 'Fair v2' })], office.tokens.accessToken);
    const p = await page('events', booth.tokens.accessToken);
    if (p.resync) throw new Error('unexpected resync');
    const mine = p.items.filter((i) => i.eventId === eventId);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.version).toBe(3);
    expect(JSON.parse(mine[0]!.payload).body).toEqual({ name: 'Fair v3' });
    const booth2 = await call(hub.url, PATHS.push, { body: { items: [eventItem(eventId, 9, {})] }, token: booth.tokens.accessToken });
    expect(pushResponse.parse(booth2.body).results[0]!.code).toBe('forbidden_kind');
  });
});

describe('entries feed', () => {
  it('gives an office device every other device\'s entries, decrypted, resumable from any hub process', async () => {
    const mineOffice = entryItem('office own');
    await push([mineOffice], office.tokens.accessToken);
    const items = Array.from({ length: 120 }, () => entryItem());
    await push(items, booth.tokens.accessToken);
    const got = new Map<string, string>();
    let cursor: string | undefined;
    const other = await h.startHub();
    for (let i = 0; i < 100; i++) {
      const url = i % 2 ? other.url : hub.url;
      const q = new URLSearchParams({ limit: '25', ...(cursor ? { cursor } : {}) });
      const r = feedPages.entries.parse((await call(url, `${PATHS.feed('entries')}?${q}`, { token: office.tokens.accessToken })).body);
      if (r.resync) throw new Error('unexpected resync');
      for (const it of r.items) got.set(it.id, it.payload);
      cursor = r.nextCursor;
      if (!r.hasMore) break;
    }
    await other.kill();
    for (const it of items) expect(got.get(it.id)).toBe(it.payload);
    expect(got.has(mineOffice.id)).toBe(false);
  });
});
