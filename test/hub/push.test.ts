import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBody, feedPages, LIMITS, PATHS, pushResponse, refreshResponse, type EnrollResponse, type PushItem } from '../../src/shared/sync/protocol';
import { call, startHubHarness, type HubHarness, type HubProcess } from '../support/hub-harness';
import { entryItem, eventItem, sha, suppressionItem, suppressionPayloadItem } from './client';

let h: HubHarness;
let hub: HubProcess;
let booth: EnrollResponse;
let office: EnrollResponse;

beforeAll(async () => {
  h = await startHubHarness();
  hub = await h.startHub();
  office = await h.enroll(hub, 'office', 'Office');
  booth = await h.enroll(hub, 'booth', 'Booth');
});
afterAll(async () => {
  await h?.close();
});

const push = (items: PushItem[], token = booth.tokens.accessToken, url = hub.url) => call(url, PATHS.push, { body: { items }, token });
const codeOf = (r: { body: unknown }) => errorBody.parse(r.body).error.code;
const count = async (ids: string[]) => (await h.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM contest.entries WHERE id = ANY($1::uuid[])', [ids])).rows[0]!.n;

describe('push', () => {
  it('answers stored, then duplicate for the same id and hash, then conflict for the same id with another hash', async () => {
    const a = entryItem('Alice');
    const first = pushResponse.parse((await push([a])).body).results;
    expect(first).toEqual([{ id: a.id, status: 'stored' }]);
    expect(pushResponse.parse((await push([a])).body).results[0]!.status).toBe('duplicate');
    const changed = entryItem('Alice changed', a.id);
    const c = pushResponse.parse((await push([changed])).body).results[0]!;
    expect(c.status).toBe('conflict');
    const rows = await h.pool.query<{ sha256: string; conflict: boolean }>('SELECT sha256, conflict FROM contest.entries WHERE id = $1', [a.id]);
    expect(rows.rows).toEqual([{ sha256: a.sha256, conflict: true }]);
    const kept = await h.pool.query<{ sha256: string }>('SELECT sha256 FROM contest.conflicts WHERE id = $1', [a.id]);
    expect(kept.rows).toEqual([{ sha256: changed.sha256 }]);
    const list = await call(hub.url, PATHS.adminDevices, { token: office.tokens.accessToken });
    expect((list.body as { devices: { id: string; conflicts: number }[] }).devices.find((d) => d.id === booth.deviceId)!.conflicts).toBe(1);
  });

  it('gives one result per item in request order, so one bad item does not hold back the others', async () => {
    const good = entryItem();
    const tampered = { ...entryItem(), sha256: sha('something else') };
    // A booth may add opt-outs but never lift one.
    const liftPayload = JSON.stringify({ emailHmac: 'a'.repeat(64), lists: 0, cleared: 4, at: new Date().toISOString() });
    const suppression: PushItem = { id: randomUUID(), kind: 'suppression', sha256: sha(liftPayload), payload: liftPayload, createdAt: new Date().toISOString() };
    const good2 = entryItem();
    const r = pushResponse.parse((await push([good, tampered, suppression, good2])).body).results;
    expect(r.map((x) => [x.status, x.code])).toEqual([
      ['stored', undefined],
      ['refused', 'hash_mismatch'],
      ['refused', 'forbidden_kind'],
      ['stored', undefined],
    ]);
    expect(await count([tampered.id])).toBe(0);
    const s = await h.pool.query('SELECT 1 FROM customer.suppression_items WHERE id = $1', [suppression.id]);
    expect(s.rowCount).toBe(0);
  });

  it('refuses malformed event and suppression payloads item by item', async () => {
    const badEvent: PushItem = { ...eventItem(randomUUID(), 1, {}), payload: '{"eventId":"nope"}' };
    badEvent.sha256 = sha(badEvent.payload);
    const badSupp: PushItem = { ...suppressionItem('b'.repeat(64), 9) };
    const okEvent = eventItem(randomUUID(), 1, { name: 'Fair' });
    const r = pushResponse.parse((await push([badEvent, badSupp, okEvent], office.tokens.accessToken)).body).results;
    expect(r.map((x) => x.code ?? x.status)).toEqual(['malformed_payload', 'malformed_payload', 'stored']);
    const n = await h.pool.query('SELECT 1 FROM customer.suppression_items WHERE id = $1 UNION ALL SELECT 1 FROM contest.event_items WHERE id = $2', [badSupp.id, badEvent.id]);
    expect(n.rowCount).toBe(0);
  });

  it('20 identical batches sent at once give one row per id and no 5xx', async () => {
    const items = Array.from({ length: 200 }, () => entryItem());
    const answers = await Promise.all(Array.from({ length: 20 }, () => push(items)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    const stored = answers.flatMap((a) => pushResponse.parse(a.body).results).filter((r) => r.status === 'stored');
    expect(stored).toHaveLength(items.length);
    expect(new Set(stored.map((s) => s.id)).size).toBe(items.length);
    for (const a of answers) for (const r of pushResponse.parse(a.body).results) expect(['stored', 'duplicate']).toContain(r.status);
    expect(await count(items.map((i) => i.id))).toBe(items.length);
  });

  it('two hub processes on one database behave as one', async () => {
    const second = await h.startHub();
    const items = Array.from({ length: 300 }, () => entryItem());
    const [a, b] = await Promise.all([push(items, booth.tokens.accessToken, hub.url), push(items, booth.tokens.accessToken, second.url)]);
    const all = [...pushResponse.parse(a.body).results, ...pushResponse.parse(b.body).results];
    expect(all.filter((r) => r.status === 'stored')).toHaveLength(300);
    expect(await count(items.map((i) => i.id))).toBe(300);
    // A token refreshed through one hub works on the other; the old refresh token is spent on both.
    const dev = await h.enroll(hub, 'office', 'Office two hubs');
    const t = refreshResponse.parse((await call(second.url, PATHS.refresh, { body: { refreshToken: dev.tokens.refreshToken } })).body).tokens;
    const page = await call(hub.url, `${PATHS.feed('entries')}?limit=10000`, { token: t.accessToken });
    const parsed = feedPages.entries.parse(page.body);
    if (parsed.resync) throw new Error('unexpected resync');
    const seen = new Set(parsed.items.map((i) => i.id));
    for (const i of items) expect(seen.has(i.id)).toBe(true);
    await second.kill();
  });
});

describe('suppression batches', () => {
  const hash = () => randomBytes(32).toString('hex');
  const at = '2026-11-20T10:00:00.000Z';
  /** Lists per hash on the hub (absent: no row). */
  const lists = async (hashes: string[]) =>
    new Map(
      (await h.pool.query<{ h: string; lists: number }>("SELECT encode(email_hmac, 'hex') AS h, lists FROM customer.suppression WHERE email_hmac IN (SELECT decode(x, 'hex') FROM unnest($1::text[]) x)", [hashes])).rows.map((r) => [
        r.h,
        r.lists,
      ]),
    );
  const batchRows = async (id: string) => (await h.pool.query('SELECT device_id::text, sha256, changes FROM customer.suppression_batches WHERE id = $1', [id])).rows;

  it('a batch is stored once and its opt-outs applied; sent again it is a duplicate that applies nothing; the same id with other content is a conflict', async () => {
    const [a, b, c] = [hash(), hash(), hash()];
    const item = suppressionPayloadItem({ at, changes: [[a, 1], [b, 2], [c, 7]] });
    expect(pushResponse.parse((await push([item], office.tokens.accessToken)).body).results).toEqual([{ id: item.id, status: 'stored' }]);
    expect(await batchRows(item.id)).toEqual([{ device_id: office.deviceId, sha256: item.sha256, changes: 3 }]);
    expect(await lists([a, b, c])).toEqual(new Map([[a, 1], [b, 2], [c, 7]]));

    // Were the duplicate applied again, a's opt-out (lifted here behind the hub's back) would come back.
    await h.pool.query("UPDATE customer.suppression SET lists = 0, stamps = '{-infinity,-infinity,-infinity}' WHERE email_hmac = $1", [Buffer.from(a, 'hex')]);
    expect(pushResponse.parse((await push([item], office.tokens.accessToken)).body).results).toEqual([{ id: item.id, status: 'duplicate' }]);
    expect((await lists([a])).get(a)).toBe(0);

    const other = hash();
    const changed = suppressionPayloadItem({ at, changes: [[other, 4]] }, item.id);
    const r = pushResponse.parse((await push([changed], office.tokens.accessToken)).body).results[0]!;
    expect(r.status).toBe('conflict');
    expect(await batchRows(item.id)).toEqual([{ device_id: office.deviceId, sha256: item.sha256, changes: 3 }]);
    expect((await h.pool.query('SELECT sha256, payload FROM customer.conflicts WHERE id = $1', [item.id])).rows).toEqual([{ sha256: changed.sha256, payload: changed.payload }]);
    expect(await lists([other])).toEqual(new Map());
  });

  it('a booth may push a batch; a batch and single changes in one push are all applied; a full batch fits an item', async () => {
    const [x, y, z] = [hash(), hash(), hash()];
    const batch = suppressionPayloadItem({ at, changes: [[x, 4]] });
    const single = suppressionItem(y, 2);
    const full = suppressionPayloadItem({ at, changes: [[z, 7], ...Array.from({ length: LIMITS.suppressionBatchChanges - 1 }, () => [hash(), 7])] });
    expect(full.payload.length).toBeLessThan(LIMITS.payloadChars);
    const r = pushResponse.parse((await push([batch, single, full])).body).results;
    expect(r.map((x) => x.status)).toEqual(['stored', 'stored', 'stored']);
    expect(await lists([x, y, z])).toEqual(new Map([[x, 4], [y, 2], [z, 7]]));
    expect((await batchRows(full.id))[0]).toMatchObject({ device_id: booth.deviceId, changes: LIMITS.suppressionBatchChanges });
  });

  it('refuses a malformed batch item by item as malformed_payload, saying what is wrong, and stores nothing of it', async () => {
    const good = hash();
    const dup = hash();
    // What is wrong, after the hub's sentence saying what a suppression payload must be.
    const cases: [payload: unknown, detail: RegExp][] = [
      [{ at, changes: [[good, 1], ['A'.repeat(64), 1]] }, /^changes\.1\.0: a lowercase hex SHA-256$/],
      [{ at, changes: [[good, 1], [hash().slice(1), 1]] }, /^changes\.1\.0: a lowercase hex SHA-256$/],
      [{ at, changes: [[good, 0]] }, /^changes\.0\.1: Too small/],
      [{ at, changes: [[good, 8]] }, /^changes\.0\.1: Too big/],
      [{ at, changes: [] }, /^changes: Too small/],
      [{ at, changes: [[dup, 1], [good, 2], [dup, 4]] }, /^changes\.2\.0: a hash appears once per batch$/],
      [{ at, changes: Array.from({ length: LIMITS.suppressionBatchChanges + 1 }, (_, i) => [i === 0 ? good : hash(), 1]) }, /^changes: Too big/],
      [{ at, changes: [[good, 1]], cleared: 1 }, /cleared/],
      [{ at: 'yesterday', changes: [[good, 1]] }, /^at: /],
      [{ at, changes: [[good, 1, 0]] }, /^changes\.0: Too big/],
    ];
    const items = cases.map(([payload]) => suppressionPayloadItem(payload));
    const ok = suppressionPayloadItem({ at, changes: [[hash(), 1]] });
    const r = pushResponse.parse((await push([...items, ok], office.tokens.accessToken)).body).results;
    expect(r.at(-1)).toEqual({ id: ok.id, status: 'stored' });
    const sentence = 'A suppression payload must be one change { emailHmac, lists, cleared, at } or a batch of opt-outs { at, changes: [[emailHmac, lists], …] }: ';
    cases.forEach(([, detail], i) => {
      expect(r[i], JSON.stringify(cases[i]![0]).slice(0, 120)).toMatchObject({ id: items[i]!.id, status: 'refused', code: 'malformed_payload' });
      expect(r[i]!.message!.startsWith(sentence)).toBe(true);
      expect(r[i]!.message!.slice(sentence.length)).toMatch(detail);
    });
    const stored = await h.pool.query('SELECT 1 FROM customer.suppression_batches WHERE id = ANY($1::uuid[]) UNION ALL SELECT 1 FROM customer.conflicts WHERE id = ANY($1::uuid[])', [items.map((i) => i.id)]);
    expect(stored.rowCount).toBe(0);
    expect(await lists([good, dup])).toEqual(new Map());
  });
});

describe('refusals write nothing', () => {
  it('a revoked device is refused at once on push, pull and heartbeat', async () => {
    const dev = await h.enroll(hub, 'booth', 'Booth to revoke');
    const r = await call(hub.url, PATHS.adminRevoke(dev.deviceId), { token: office.tokens.accessToken, body: {} });
    expect(r.status).toBe(200);
    const item = entryItem();
    const p = await push([item], dev.tokens.accessToken);
    expect(p.status).toBe(403);
    expect(codeOf(p)).toBe('device_revoked');
    expect(await count([item.id])).toBe(0);
    expect(codeOf(await call(hub.url, PATHS.feed('events'), { token: dev.tokens.accessToken }))).toBe('device_revoked');
    expect(codeOf(await call(hub.url, PATHS.refresh, { body: { refreshToken: dev.tokens.refreshToken } }))).toBe('device_revoked');
    const audit = await h.pool.query("SELECT 1 FROM hub.audit WHERE device_id = $1 AND action = 'revoke'", [dev.deviceId]);
    expect(audit.rowCount).toBe(1);
  });

  it('a token that expires between batches: the next batch gets token_expired and writes nothing; after refresh it is stored', async () => {
    const short = await h.startHub({ IXO_HUB_ACCESS_TTL_S: '1' });
    const dev = await h.enroll(short, 'booth', 'Booth short token');
    const batch1 = Array.from({ length: 50 }, () => entryItem());
    const batch2 = Array.from({ length: 50 }, () => entryItem());
    const first = await push(batch1, dev.tokens.accessToken, short.url);
    // Whichever way the first one went, wait (bounded) until the token is refused as expired.
    let sent = batch2;
    let second = await push(sent, dev.tokens.accessToken, short.url);
    for (let i = 0; i < 100 && second.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      sent = Array.from({ length: 50 }, () => entryItem());
      second = await push(sent, dev.tokens.accessToken, short.url);
    }
    expect(first.status === 200 || codeOf(first) === 'token_expired').toBe(true);
    expect(second.status).toBe(401);
    expect(codeOf(second)).toBe('token_expired');
    expect(await count(sent.map((i) => i.id))).toBe(0);
    const t = refreshResponse.parse((await call(short.url, PATHS.refresh, { body: { refreshToken: dev.tokens.refreshToken } })).body).tokens;
    const again = pushResponse.parse((await push(sent, t.accessToken, short.url)).body).results;
    expect(again.map((r) => r.status)).toEqual(Array(sent.length).fill('stored'));
    await short.kill();
  });

  it('the wrong profile: a booth may not read entries or manage devices', async () => {
    const e = await call(hub.url, PATHS.feed('entries'), { token: booth.tokens.accessToken });
    expect(e.status).toBe(403);
    expect(codeOf(e)).toBe('forbidden_profile');
    const c = await call(hub.url, PATHS.adminCodes, { token: booth.tokens.accessToken, body: { profile: 'office', name: 'Sneaky' } });
    expect(codeOf(c)).toBe('forbidden_profile');
    const n = await h.pool.query("SELECT 1 FROM hub.enrollment_codes WHERE name = 'Sneaky'");
    expect(n.rowCount).toBe(0);
  });

  it('an oversize body is refused with payload_too_large and writes nothing', async () => {
    const big = Array.from({ length: 70 }, () => {
      const it = entryItem();
      const payload = JSON.stringify({ pad: 'x'.repeat(LIMITS.payloadChars - 100), id: it.id });
      return { ...it, payload, sha256: sha(payload) };
    });
    const r = await push(big);
    expect(r.status).toBe(413);
    expect(codeOf(r)).toBe('payload_too_large');
    expect(await count(big.map((i) => i.id))).toBe(0);
  });

  it('an item over the payload limit, a malformed body and invalid JSON are refused with bad_request and write nothing', async () => {
    const ok = entryItem();
    const huge = entryItem();
    huge.payload = 'y'.repeat(LIMITS.payloadChars + 1);
    huge.sha256 = sha(huge.payload);
    const r1 = await push([ok, huge]);
    expect(r1.status).toBe(400);
    expect(codeOf(r1)).toBe('bad_request');
    const r2 = await push([{ ...ok, id: 'not-a-uuid' }]);
    expect(codeOf(r2)).toBe('bad_request');
    const r3 = await call(hub.url, PATHS.push, { rawBody: '{"items":[', token: booth.tokens.accessToken });
    expect(r3.status).toBe(400);
    expect(codeOf(r3)).toBe('bad_request');
    const r4 = await call(hub.url, PATHS.push, { body: { items: Array.from({ length: LIMITS.pushItems + 1 }, () => ok) }, token: booth.tokens.accessToken });
    expect(codeOf(r4)).toBe('bad_request');
    expect(await count([ok.id])).toBe(0);
  });

  it('no token, or an unknown one, is unauthorized', async () => {
    expect(codeOf(await push([entryItem()], ''))).toBe('unauthorized');
    expect(codeOf(await push([entryItem()], 'ixoa_' + 'z'.repeat(43)))).toBe('unauthorized');
  });
});
