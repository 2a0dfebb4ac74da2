import type { Database } from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { CLIENT_VERSION_HEADER, PATHS, pushResponse, replicaFeedPage, type RecordChange } from '../../src/shared/sync/protocol';
import { applyRecordPage, applyRecordPageInSlices } from '../../src/main/replica/sync';
import { sha256Hex } from '../../src/main/sync/outbox';
import { uuidV7 } from '../../src/shared/uuid7';
import { manualClock, startCore, TEST_PASSWORD, withStaff, type TestCore } from '../support/core';
import { TODAY } from '../integration/booth-support';
import { useHub } from './support';

/**
 * How replicated record changes travel in bulk: the hub merges a whole push batch at once, with the
 * same result as merging its changes one by one; a device applies a feed page in slices; and the
 * Sync status counts the changes that wait to be sent.
 */

const hubs = useHub();
const T = Date.parse(`${TODAY}T10:00:00Z`);

const stamp = (wall: number, counter = 0) => `${wall.toString(16).padStart(12, '0')}-${counter.toString(16).padStart(4, '0')}`;

function item(change: RecordChange, id = uuidV7(T)) {
  const payload = JSON.stringify(change);
  return { id, sha256: sha256Hex(payload), payload, createdAt: new Date(T).toISOString() };
}

async function push(token: string, items: ReturnType<typeof item>[]) {
  const r = await fetch(new URL(PATHS.replicaPush, hubs.hub.url), {
    method: 'POST',
    headers: { [CLIENT_VERSION_HEADER]: '0.1.0', authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ items }),
  });
  expect(r.status).toBe(200);
  return pushResponse.parse(await r.json()).results;
}

async function feed(token: string): Promise<RecordChange[]> {
  return (await feedFrom(token, null)).items;
}

/** The whole feed after `from` (null: from the beginning), with the cursor it ends at. */
async function feedFrom(token: string, from: string | null): Promise<{ items: RecordChange[]; cursor: string }> {
  const out: RecordChange[] = [];
  let cursor = from;
  for (let i = 0; i < 100; i++) {
    const q = new URLSearchParams({ limit: '1000', ...(cursor ? { cursor } : {}) });
    const r = await fetch(new URL(`${PATHS.replicaFeed}?${q}`, hubs.hub.url), { headers: { [CLIENT_VERSION_HEADER]: '0.1.0', authorization: `Bearer ${token}` } });
    const page = replicaFeedPage.parse(await r.json());
    if (page.resync) throw new Error('unexpected resync');
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!page.hasMore) return { items: out, cursor };
  }
  throw new Error('the feed did not end');
}

describe('replicated records in bulk', () => {
  it('a push batch holding several changes of one field merges as they would one by one: the greatest (hlc, node) wins wherever it stands; repeats and clashing ids are answered per item', async () => {
    const office = await hubs.h.enroll(hubs.hub, 'office', 'Batch office');
    const reader = await hubs.h.enroll(hubs.hub, 'office', 'Batch reader');
    const nodeLow = '00000000-0000-4000-8000-000000000001';
    const nodeHigh = '00000000-0000-4000-8000-000000000002';
    const changes = (recordId: string): RecordChange[] => [
      { table: 'staff', recordId, fields: { displayName: { value: 'Second', hlc: stamp(T, 2), node: nodeLow } } },
      { table: 'staff', recordId, fields: { displayName: { value: 'Winner', hlc: stamp(T, 3), node: nodeHigh }, language: { value: 'fi', hlc: stamp(T, 1), node: nodeLow } } },
      { table: 'staff', recordId, fields: { displayName: { value: 'First', hlc: stamp(T, 1), node: nodeHigh }, language: { value: 'en', hlc: stamp(T, 1), node: nodeHigh } } },
      { table: 'staff', recordId, fields: { displayName: { value: 'Same stamp, lower node', hlc: stamp(T, 3), node: nodeLow } } },
    ];

    // One record's four changes in one batch; another record's the same four, one batch each, in the reverse order.
    const batched = uuidV7(T);
    const single = uuidV7(T);
    const items = changes(batched).map((c) => item(c));
    expect((await push(office.tokens.accessToken, items)).map((r) => r.status)).toEqual(['stored', 'stored', 'stored', 'stored']);
    for (const c of changes(single).reverse()) expect((await push(office.tokens.accessToken, [item(c)]))[0]!.status).toBe('stored');

    const got = await feed(reader.tokens.accessToken);
    const fieldsOf = (id: string) => got.filter((c) => c.recordId === id).map((c) => c.fields);
    expect(fieldsOf(batched)).toEqual([
      { displayName: { value: 'Winner', hlc: stamp(T, 3), node: nodeHigh }, language: { value: 'en', hlc: stamp(T, 1), node: nodeHigh } },
    ]);
    expect(fieldsOf(single)).toEqual(fieldsOf(batched));

    // Sent again: a repeat is a duplicate, an old id with other content a conflict, a new change that
    // loses is stored and changes nothing; none of them moves the record in the feed.
    const clash = { ...item({ table: 'staff', recordId: batched, fields: { displayName: { value: 'Other', hlc: stamp(T, 9), node: nodeHigh } } }), id: items[0]!.id };
    const late = item({ table: 'staff', recordId: batched, fields: { displayName: { value: 'Late loser', hlc: stamp(T, 0), node: nodeHigh } } });
    const again = await push(office.tokens.accessToken, [items[1]!, clash, late]);
    expect(again.map((r) => r.status)).toEqual(['duplicate', 'conflict', 'stored']);
    const stored = await hubs.h.pool.query<{ n: string }>('SELECT count(*)::text AS n FROM replica.changes WHERE record_id = $1', [batched]);
    expect(stored.rows[0]!.n).toBe('5');
    const after = await feed(reader.tokens.accessToken);
    expect(after.filter((c) => c.recordId === batched).map((c) => c.fields.displayName?.value)).toEqual(['Winner']);
    expect(after.map((c) => c.recordId).indexOf(batched)).toBe(got.map((c) => c.recordId).indexOf(batched));
  });

  it("a device's feed leaves out the records it wrote wholly itself, moving its cursor past them, but not from the beginning or once another device wrote a field", async () => {
    const a = await hubs.h.enroll(hubs.hub, 'office', 'Own A');
    const b = await hubs.h.enroll(hubs.hub, 'office', 'Own B');
    const nodeA = '00000000-0000-4000-8000-0000000000a1';
    const nodeB = '00000000-0000-4000-8000-0000000000b1';
    const early = uuidV7(T);
    const own = uuidV7(T);
    const shared = uuidV7(T);
    const name = (recordId: string, value: string, node: string, counter: number): RecordChange => ({ table: 'staff', recordId, fields: { displayName: { value, hlc: stamp(T, counter), node } } });
    expect((await push(a.tokens.accessToken, [item(name(early, 'Early A', nodeA, 1))]))[0]!.status).toBe('stored');
    // From the beginning (a new device, or a resync) a device gets its own records too.
    const first = await feedFrom(a.tokens.accessToken, null);
    expect(first.items.map((c) => c.recordId)).toContain(early);

    expect((await push(a.tokens.accessToken, [item(name(own, 'Own A', nodeA, 2)), item(name(shared, 'Shared A', nodeA, 2))])).map((r) => r.status)).toEqual(['stored', 'stored']);
    const later = await feedFrom(a.tokens.accessToken, first.cursor);
    expect(later.items.map((c) => c.recordId)).not.toContain(own);
    expect(later.items.map((c) => c.recordId)).not.toContain(shared);
    // The cursor moved past them: read again from it, nothing of them comes.
    expect(later.cursor).not.toBe(first.cursor);
    expect((await feedFrom(a.tokens.accessToken, later.cursor)).items).toEqual([]);
    // Another device gets them as ever.
    const toB = (await feed(b.tokens.accessToken)).map((c) => c.recordId);
    expect(toB).toEqual(expect.arrayContaining([early, own, shared]));

    // B writes one field of the shared record: A now gets the whole record, its own field included.
    const edit: RecordChange = { table: 'staff', recordId: shared, fields: { language: { value: 'fi', hlc: stamp(T, 3), node: nodeB } } };
    expect((await push(b.tokens.accessToken, [item(edit)]))[0]!.status).toBe('stored');
    const third = await feedFrom(a.tokens.accessToken, later.cursor);
    expect(third.items).toEqual([
      { table: 'staff', recordId: shared, fields: { displayName: { value: 'Shared A', hlc: stamp(T, 2), node: nodeA }, language: { value: 'fi', hlc: stamp(T, 3), node: nodeB } } },
    ]);
  });

  it('a device applies a large feed page in slices, yielding between them, to the same result as in one go, with the cursor saved', async () => {
    const reader = await hubs.h.enroll(hubs.hub, 'office', 'Slice reader');
    const node = '00000000-0000-4000-8000-00000000000a';
    const ids = Array.from({ length: 2_000 }, () => uuidV7(T));
    const writer = await hubs.h.enroll(hubs.hub, 'office', 'Slice writer');
    for (let i = 0; i < ids.length; i += 1_000) {
      const batch = ids.slice(i, i + 1_000).map((recordId, k) => item({ table: 'staff', recordId, fields: { displayName: { value: `Person ${i + k}`, hlc: stamp(T, 5), node } } }));
      expect((await push(writer.tokens.accessToken, batch)).every((r) => r.status === 'stored')).toBe(true);
    }
    const page = await feed(reader.tokens.accessToken);
    expect(page.length).toBeGreaterThanOrEqual(ids.length);

    const cores: TestCore[] = [];
    try {
      const fresh = async () => {
        const t = await startCore({ clock: manualClock(new Date(T)), appVersion: '0.1.0' });
        cores.push(t);
        await withStaff(t, ['admin']);
        const db = t.core.stores!.customers;
        const sink = { setValue: (key: string, value: unknown) => void db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value)) };
        return { db, sink };
      };
      // What the page brought (each device's own first admin is its own record).
      const brought = new Set(page.map((c) => c.recordId));
      const fields = (db: Database) =>
        (db.prepare('SELECT tbl, record_id, field, value, hlc, node FROM replica_fields ORDER BY tbl, record_id, field').all() as { record_id: string }[]).filter((r) => brought.has(r.record_id));

      const whole = await fresh();
      applyRecordPage(whole.db, whole.sink, 'office', page, new Date(T), 'cursor-1');

      const sliced = await fresh();
      let ticks = 0;
      let running = true;
      const tick = () => {
        ticks++;
        if (running) setImmediate(tick);
      };
      setImmediate(tick);
      const changed = await applyRecordPageInSlices(sliced.db, sliced.sink, 'office', page, new Date(T), 'cursor-1');
      running = false;
      expect(changed).toBeGreaterThanOrEqual(ids.length);
      // The event loop ran between slices: a window would have been answered meanwhile. The first
      // slice is small, so a 2,000-record page always takes more than one; how many more depends on
      // the machine's speed, so only the fact of yielding is asserted (a page applied without
      // yielding gives no tick at all).
      expect(ticks).toBeGreaterThan(0);
      expect(fields(sliced.db).length).toBeGreaterThanOrEqual(ids.length);
      expect(fields(sliced.db)).toEqual(fields(whole.db));
      expect(sliced.db.prepare("SELECT cursor FROM sync_cursors WHERE feed = 'replica'").pluck().get()).toBe('cursor-1');
      // Applying it again changes nothing.
      expect(await applyRecordPageInSlices(sliced.db, sliced.sink, 'office', page, new Date(T), 'cursor-1')).toBe(0);
    } finally {
      for (const t of cores) await t.close();
    }
  });

  it('the Sync status counts record changes waiting to be sent, apart from pending, until a round sends them', async () => {
    const t = await startCore({ clock: manualClock(new Date(T)), appVersion: '0.1.0', deviceName: 'Counting office', sync: { intervalMs: 3_600_000, nudgeDelayMs: 3_600_000 } });
    try {
      await withStaff(t, ['admin']);
      await t.must('admin', 'sync.enroll', { hubUrl: hubs.hub.url, code: await hubs.h.createCode('office', 'Counting office'), deviceName: 'Counting office' });
      const synced = await t.must('admin', 'sync.now', {});
      expect(synced).toMatchObject({ pending: 0, pendingRecords: 0 });

      await t.must('admin', 'staff.create', { username: 'rita', displayName: 'Rita Records', role: 'office_staff', password: TEST_PASSWORD });
      await t.must('admin', 'staff.create', { username: 'raimo', displayName: 'Raimo Records', role: 'manager', password: TEST_PASSWORD });
      const waiting = await t.must('admin', 'sync.status', {});
      expect(waiting.pendingRecords).toBe(2);
      expect(waiting.pending).toBe(0);

      const after = await t.must('admin', 'sync.now', {});
      expect(after.lastError).toBeNull();
      expect(after.pendingRecords).toBe(0);
    } finally {
      await t.close();
    }
  });
});
