import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dataKeyFrom, open, sha256Hex } from '../../src/hub/crypto';
import type { Pool } from '../../src/hub/db';
import { authenticate, type Device } from '../../src/hub/devices';
import { pushRecords } from '../../src/hub/replica';
import type { RecordChange, ReplicaPushItem } from '../../src/shared/sync/protocol';
import { startHubHarness, type HubHarness } from '../support/hub-harness';

/**
 * Two office devices push at the same moment: one erases an account, the other adds a service note
 * to it. The note's push is held inside its transaction (after its merge, before its commit) while
 * the erasure's push runs; whatever order the two commit in, no word of the note may stay on the hub.
 */
let h: HubHarness;
let a: Device;
let b: Device;

beforeAll(async () => {
  h = await startHubHarness();
  const hub = await h.startHub();
  a = await authenticate(h.pool, (await h.enroll(hub, 'office', 'race A')).tokens.accessToken);
  b = await authenticate(h.pool, (await h.enroll(hub, 'office', 'race B')).tokens.accessToken);
});
afterAll(async () => {
  await h?.close();
});

const NOW = '2026-12-06T09:00:00.000Z';
const stamp = (ms: number) => `${ms.toString(16).padStart(12, '0')}-0000`;
function item(change: RecordChange): ReplicaPushItem {
  const payload = JSON.stringify(change);
  return { id: randomUUID(), sha256: sha256Hex(payload), payload, createdAt: NOW };
}
const fields = (node: string, ms: number, values: Record<string, unknown>): RecordChange['fields'] =>
  Object.fromEntries(Object.entries(values).map(([k, value]) => [k, { value: value as RecordChange['fields'][string]['value'], hlc: stamp(ms), node }]));

/** A pool whose transactions stop before the statement `at` until `gate` opens; `reached` resolves when one stops. */
function heldPool(pool: Pool, at: RegExp, gate: Promise<void>): { pool: Pool; reached: Promise<void> } {
  let arrive!: () => void;
  const reached = new Promise<void>((r) => (arrive = r));
  const held = new Proxy(pool, {
    get(target, prop) {
      if (prop !== 'connect') return Reflect.get(target, prop, target) as unknown;
      return async () => {
        const client = await target.connect();
        const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
        (client as unknown as { query: unknown }).query = async (...args: unknown[]) => {
          if (typeof args[0] === 'string' && at.test(args[0])) {
            arrive();
            await gate;
          }
          return query(...args);
        };
        return client;
      };
    },
  });
  return { pool: held, reached };
}

describe('hub: an erasure racing a new record of the same account', () => {
  it('scrubs the note whichever push commits last', async () => {
    const key = dataKeyFrom(Buffer.from(h.dataKey, 'hex'));
    const account = randomUUID();
    const staff = randomUUID();
    const node = randomUUID();
    const base = Date.parse(NOW);
    const created = { number: '1-77', name: 'Raili Racer', email: 'raili.racer@example.com', product: 'IXO Call Pro', language: 'en', createdAt: NOW, createdBy: null, opened: 1, cancellation: null, erasedAt: null };
    expect((await pushRecords(h.pool, key, a, [item({ table: 'accounts', recordId: account, fields: fields(node, base, created) })]))[0]).toMatchObject({ status: 'stored' });

    const note = randomUUID();
    const noteChange: RecordChange = {
      table: 'notes',
      recordId: note,
      fields: fields(node, base + 1000, { account, body: 'Raili asked about racing cars', createdAt: NOW, createdBy: staff, updatedAt: NOW, updatedBy: staff, removed: false }),
    };
    const erase: RecordChange = { table: 'accounts', recordId: account, fields: fields(randomUUID(), base + 2000, { name: null, email: null, erasedAt: NOW }) };

    let open_!: () => void;
    const gate = new Promise<void>((r) => (open_ = r));
    const held = heldPool(h.pool, /^UPDATE hub\.devices SET last_seen_at/, gate);
    const notePush = pushRecords(held.pool, key, a, [item(noteChange)]);
    await held.reached;
    let erased = false;
    const erasurePush = pushRecords(h.pool, key, b, [item(erase)]).then((r) => {
      erased = true;
      return r;
    });
    // The erasure either finishes (nothing makes it wait for the note) or waits for the note's transaction.
    await vi.waitFor(
      async () => {
        if (erased) return;
        const w = await h.pool.query<{ n: string }>("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
        expect(Number(w.rows[0]!.n)).toBeGreaterThan(0);
      },
      { timeout: 20_000, interval: 20 },
    );
    open_();
    expect((await notePush)[0]).toMatchObject({ status: 'stored' });
    expect((await erasurePush)[0]).toMatchObject({ status: 'stored' });

    const rows = await h.pool.query<{ tbl: string; record_id: string; field: string; sealed: Buffer }>('SELECT tbl, record_id::text, field, sealed FROM replica.fields WHERE record_id = ANY($1::uuid[])', [[account, note]]);
    const values = Object.fromEntries(rows.rows.map((r) => [`${r.tbl}.${r.field}`, JSON.parse(open(key, r.sealed, `replica/${r.tbl}/${r.record_id}/${r.field}`)) as unknown]));
    expect(values['notes.account']).toBe(account);
    expect(values).toMatchObject({ 'accounts.name': null, 'accounts.email': null, 'notes.body': null, 'notes.removed': true });
    expect(JSON.stringify(values)).not.toMatch(/raili|racing/i);
  });
});
