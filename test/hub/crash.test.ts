import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrollResponse, PushItem } from '../../src/shared/sync/protocol';
import { startHubHarness, type HubHarness, type HubProcess } from '../support/hub-harness';
import { entryItem, pushUntilAcked } from './client';

// IXO_SYNC_SOAK=1 (README) runs ten times as many entries through each crash.
const N = process.env.IXO_SYNC_SOAK === '1' ? 30_000 : 3000;

let h: HubHarness;
let hub: HubProcess;
let booth: EnrollResponse;

beforeAll(async () => {
  // pg.restart() needs the embedded server even when IXO_TEST_DATABASE_URL is set.
  h = await startHubHarness({ embedded: true });
  hub = await h.startHub();
  booth = await h.enroll(hub, 'booth', 'Booth');
});
afterAll(async () => {
  await h?.close();
});

async function storedOf(items: PushItem[]): Promise<Map<string, string>> {
  const r = await h.pool.query<{ id: string; sha256: string }>('SELECT id, sha256 FROM contest.entries WHERE id = ANY($1::uuid[])', [items.map((i) => i.id)]);
  return new Map(r.rows.map((x) => [x.id, x.sha256]));
}

/** Waits (bounded) until at least `n` of the items are in the hub database. */
async function whenStored(items: PushItem[], n: number): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    const r = await h.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM contest.entries WHERE id = ANY($1::uuid[])', [items.map((x) => x.id)]).catch(() => null);
    if (r && r.rows[0]!.n >= n) return;
    await new Promise((res) => setTimeout(res, 5));
  }
  throw new Error(`fewer than ${n} items stored`);
}

function expectExactlyOnce(items: PushItem[], stored: Map<string, string>): void {
  expect(stored.size).toBe(items.length);
  for (const it of items) expect(stored.get(it.id)).toBe(it.sha256);
}

describe('crashes end exactly once', () => {
  it('the hub killed mid-batch and restarted: every entry stored once, with the device\'s hash', async () => {
    const items = Array.from({ length: N }, (_, i) => entryItem(`killed hub ${i}`));
    const sending = pushUntilAcked(items, { url: () => hub.url, tokens: { ...booth.tokens }, batch: 250 });
    await whenStored(items, N / 5);
    await hub.kill('SIGKILL');
    await hub.restart();
    const result = await sending;
    expect(result.failures).toBeGreaterThan(0);
    expect(result.acked.size).toBe(items.length);
    expectExactlyOnce(items, await storedOf(items));
  });

  it('PostgreSQL restarted mid-sync: the hub answers 503 meanwhile and every entry ends stored once', async () => {
    const items = Array.from({ length: N }, (_, i) => entryItem(`restarted pg ${i}`));
    const sending = pushUntilAcked(items, { url: () => hub.url, tokens: { ...booth.tokens }, batch: 250 });
    await whenStored(items, N / 5);
    await h.pg.restart();
    const result = await sending;
    expect(result.acked.size).toBe(items.length);
    // Never a 500: a lost database is "unavailable, retry", which the device treats as temporary.
    expect(result.statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expectExactlyOnce(items, await storedOf(items));
  });
});
