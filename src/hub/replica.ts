import {
  BOOTH_BARRED_STAFF_FIELDS,
  BOOTH_REPLICA_FIELDS,
  LIMITS,
  recordChange,
  type RecordChange,
  type ReplicaFeedPage,
  type ReplicaFieldValue,
  type ReplicaPushItem,
  type PushResult,
} from '../shared/sync/protocol';
import { BOOTH_ROLES, type Role } from '../shared/roles';
import { aheadOfMs, MAX_CLOCK_AHEAD_MS } from '../shared/hlc';
import { audit } from './audit';
import { open, sealMany, sha256Hex, type DataKey } from './crypto';
import { inTx, type Client, type Pool } from './db';
import type { Device } from './devices';
import { applyErasures, lockAccounts } from './erasure';
import { HubError } from './errors';

/**
 * Replicated records on the hub (migration 006). A pushed change is kept by its id (a change sent
 * again is a duplicate and merges once) and merged field by field: a field takes the change's value
 * when the change's (hlc, node) is greater than the stored one's, so the result does not depend on
 * the order changes arrive in. A record any of whose fields changed moves to the feed's end. Values
 * are sealed with the data key, bound to their table, record and field.
 *
 * The feed follows the same rule as the other feeds (feeds.ts): only rows written by transactions
 * older than every one still running are handed out, so no change is skipped when commits
 * interleave.
 */

/**
 * Tables whose records a device's feed leaves out when it wrote every field itself. Not notes,
 * billing or leads: a device may delete its own copy of those (erasure, removal), and the copies
 * only end the same when it gets the hub's back.
 */
const OWN_SKIPPED: readonly RecordChange['table'][] = ['staff', 'settings', 'accounts', 'consent'];

const fieldAad = (table: string, recordId: string, field: string) => `replica/${table}/${recordId}/${field}`;

interface Accepted {
  item: ReplicaPushItem;
  change: RecordChange;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Whether booths receive the whole record, from its merged fields: settings yes, staff who may work
 * on a booth yes (of other staff a booth gets only what refuses them), customer accounts and consent
 * events never. One answer per record, in order; the staff roles are read in one query.
 */
async function boothMayAll(c: Client, key: DataKey, records: readonly { table: RecordChange['table']; recordId: string }[]): Promise<boolean[]> {
  const staff = records.filter((r) => r.table === 'staff').map((r) => r.recordId);
  const roles = new Map<string, Buffer>();
  if (staff.length > 0) {
    const r = await c.query<{ record_id: string; sealed: Buffer }>("SELECT record_id::text, sealed FROM replica.fields WHERE tbl = 'staff' AND field = 'role' AND record_id = ANY($1::uuid[])", [staff]);
    for (const row of r.rows) roles.set(row.record_id, row.sealed);
  }
  return records.map(({ table, recordId }) => {
    switch (table) {
      case 'settings':
        return true;
      case 'accounts':
      case 'consent':
      case 'notes':
      case 'billing':
      case 'leads':
        return false;
      case 'staff': {
        const sealed = roles.get(recordId);
        return sealed !== undefined && BOOTH_ROLES.includes(JSON.parse(open(key, sealed, fieldAad(table, recordId, 'role'))) as Role);
      }
    }
  });
}

export async function pushRecords(pool: Pool, key: DataKey, device: Device, items: readonly ReplicaPushItem[]): Promise<PushResult[]> {
  if (device.profile !== 'office') throw new HubError('forbidden_profile', 'Only an office device may change staff or organisation settings.');
  const out = new Map<string, PushResult>();
  const repeated = new Map<number, PushResult>();
  const now = Date.now();
  const byId = new Map<string, ReplicaPushItem>();
  const accepted: Accepted[] = [];
  items.forEach((item, index) => {
    const earlier = byId.get(item.id);
    if (earlier) {
      if (earlier.sha256 !== item.sha256) repeated.set(index, { id: item.id, status: 'refused', code: 'duplicate_in_batch', message: 'The same id appears twice in this batch with different content.' });
      return;
    }
    byId.set(item.id, item);
    if (sha256Hex(item.payload) !== item.sha256) {
      out.set(item.id, { id: item.id, status: 'refused', code: 'hash_mismatch', message: 'The payload does not match its SHA-256; it changed after it was queued.' });
      return;
    }
    const p = recordChange.safeParse(safeJson(item.payload));
    if (!p.success) {
      const issue = p.error.issues[0];
      out.set(item.id, { id: item.id, status: 'refused', code: 'malformed_payload', message: `A record change must be { table, recordId, fields }: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unreadable'}` });
      return;
    }
    const ahead = Math.max(...Object.values(p.data.fields).map((f) => aheadOfMs(f.hlc, now)));
    if (ahead > MAX_CLOCK_AHEAD_MS) {
      const minutes = Math.ceil(ahead / 60_000);
      out.set(item.id, {
        id: item.id,
        status: 'refused',
        code: 'clock_ahead',
        message: `This change is stamped ${minutes} minutes ahead of the hub's clock (at most ${MAX_CLOCK_AHEAD_MS / 60_000} are allowed), so it was not shared. Set this device's date and time right, then make the change again.`,
      });
      return;
    }
    accepted.push({ item, change: p.data });
  });
  // Records locked in one order, so concurrent pushes touching the same records wait, not deadlock.
  accepted.sort((a, b) => a.change.table.localeCompare(b.change.table) || a.change.recordId.localeCompare(b.change.recordId) || a.item.id.localeCompare(b.item.id));
  const plain: string[] = [];
  const aads: string[] = [];
  for (const { change } of accepted) {
    for (const [field, f] of Object.entries(change.fields)) {
      plain.push(JSON.stringify(f.value));
      aads.push(fieldAad(change.table, change.recordId, field));
    }
  }
  const sealed = sealMany(key, plain, aads);
  // A batch is merged with a fixed number of statements, whatever its size: one round trip per
  // statement, not per change.
  await inTx(pool, async (c) => {
    await lockAccounts(c, accepted.map((a) => a.change));
    const attempt = new Map<string, PushResult>();
    const stored: { change: RecordChange }[] = [];
    const ins = await c.query<{ id: string }>(
      `INSERT INTO replica.changes (id, device_id, sha256, tbl, record_id)
       SELECT id, $1, sha, t, r FROM unnest($2::uuid[], $3::text[], $4::text[], $5::uuid[]) WITH ORDINALITY AS x(id, sha, t, r, i) ORDER BY i
       ON CONFLICT (id) DO NOTHING RETURNING id::text`,
      [device.id, accepted.map((a) => a.item.id), accepted.map((a) => a.item.sha256), accepted.map((a) => a.change.table), accepted.map((a) => a.change.recordId)],
    );
    const inserted = new Set(ins.rows.map((r) => r.id));
    const again = accepted.filter((a) => !inserted.has(a.item.id.toLowerCase()));
    // A null hash: an erasure scrubbed that change, which was merged once; it is a repeat.
    const had = new Map<string, string | null>();
    if (again.length > 0) {
      const r = await c.query<{ id: string; sha256: string | null }>('SELECT id::text, sha256 FROM replica.changes WHERE id = ANY($1::uuid[])', [again.map((a) => a.item.id)]);
      for (const row of r.rows) had.set(row.id, row.sha256);
    }
    // The winner per field among this batch's new changes (the greater (hlc, node); on a tie the first),
    // then merged with the stored fields in one statement.
    const best = new Map<string, { table: string; recordId: string; field: string; hlc: string; node: string; sealed: Buffer }>();
    let at = 0;
    for (const { item, change } of accepted) {
      const names = Object.keys(change.fields);
      const mine = sealed.slice(at, at + names.length);
      at += names.length;
      if (!inserted.has(item.id.toLowerCase())) {
        const sha = had.get(item.id.toLowerCase());
        attempt.set(
          item.id,
          sha === item.sha256 || sha === null ? { id: item.id, status: 'duplicate' } : { id: item.id, status: 'conflict', message: 'The hub already has a change with this id and other content; it was not merged again.' },
        );
        continue;
      }
      names.forEach((field, i) => {
        const f = change.fields[field]!;
        const k = `${change.table}\u0000${change.recordId.toLowerCase()}\u0000${field}`;
        const node = f.node.toLowerCase();
        const cur = best.get(k);
        if (!cur || f.hlc > cur.hlc || (f.hlc === cur.hlc && node > cur.node)) best.set(k, { table: change.table, recordId: change.recordId, field, hlc: f.hlc, node, sealed: mine[i]! });
      });
      attempt.set(item.id, { id: item.id, status: 'stored' });
      stored.push({ change });
    }
    const fields = [...best.values()].sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : a.field < b.field ? -1 : 1));
    const won =
      fields.length === 0
        ? []
        : (
            await c.query<{ tbl: string; record_id: string }>(
              `INSERT INTO replica.fields (tbl, record_id, field, hlc, node, sealed, device_id)
               SELECT t, r, f, h, n, substring($6::bytea FROM o FOR l), $9::uuid
               FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $7::int[], $8::int[]) WITH ORDINALITY AS x(t, r, f, h, n, o, l, i) ORDER BY i
               ON CONFLICT (tbl, record_id, field) DO UPDATE SET hlc = excluded.hlc, node = excluded.node, sealed = excluded.sealed, device_id = excluded.device_id
               WHERE (replica.fields.hlc, replica.fields.node) < (excluded.hlc, excluded.node)
               RETURNING tbl, record_id::text`,
              [
                fields.map((f) => f.table),
                fields.map((f) => f.recordId),
                fields.map((f) => f.field),
                fields.map((f) => f.hlc),
                fields.map((f) => f.node),
                Buffer.concat(fields.map((f) => f.sealed)),
                ...offsets(fields.map((f) => f.sealed)),
                device.id,
              ],
            )
          ).rows;
    const changed = [...new Map(won.map((w) => [`${w.tbl}/${w.record_id}`, { table: w.tbl as RecordChange['table'], recordId: w.record_id }])).values()];
    if (changed.length > 0) {
      const booth = await boothMayAll(c, key, changed);
      await c.query(
        `INSERT INTO replica.records (tbl, record_id, booth)
         SELECT t, r, b FROM unnest($1::text[], $2::uuid[], $3::boolean[]) WITH ORDINALITY AS x(t, r, b, i) ORDER BY i
         ON CONFLICT (tbl, record_id) DO UPDATE SET booth = excluded.booth, xid = pg_current_xact_id(), seq = nextval('replica.feed_seq')`,
        [changed.map((x) => x.table), changed.map((x) => x.recordId), booth],
      );
    }
    await applyErasures(c, key, stored);
    const counts: Record<string, number> = { merged: changed.length };
    for (const r of attempt.values()) counts[r.status] = (counts[r.status] ?? 0) + 1;
    await c.query('UPDATE hub.devices SET last_seen_at = now() WHERE id = $1', [device.id]);
    await audit(c, device.id, 'push', { replica: true, items: items.length, ...counts });
    for (const [id, r] of attempt) out.set(id, r);
  });
  return items.map((it, index) => repeated.get(index) ?? out.get(it.id)!);
}

/** Offsets (1-based, for substring) and lengths of buffers laid end to end. */
function offsets(parts: readonly Buffer[]): [number[], number[]] {
  const o: number[] = [];
  let at = 1;
  for (const b of parts) {
    o.push(at);
    at += b.length;
  }
  return [o, parts.map((b) => b.length)];
}

async function parseCursor(pool: Pool, text: string | undefined): Promise<{ xid: string; seq: string } | { resync: string }> {
  if (text === undefined || text === '') return { xid: '0', seq: '0' };
  const m = /^([0-9a-f]{32})\.(\d{1,20})\.(\d{1,20})$/.exec(text);
  if (!m) throw new HubError('bad_request', 'The replica cursor is not one this hub hands out.');
  const r = await pool.query<{ epoch: string; future: boolean }>(
    "SELECT (SELECT value FROM hub.meta WHERE key = 'feed_epoch') AS epoch, $1::xid8 > pg_snapshot_xmax(pg_current_snapshot()) AS future",
    [m[2]],
  );
  if (r.rows[0]!.epoch !== m[1]) return { resync: 'The cursor is from another hub database.' };
  if (r.rows[0]!.future) return { resync: 'The cursor is ahead of this hub database.' };
  return { xid: m[2]!, seq: m[3]! };
}

export async function readReplicaFeed(pool: Pool, key: DataKey, device: Device, cursorText: string | undefined, limitIn?: number): Promise<ReplicaFeedPage> {
  const cursor = await parseCursor(pool, cursorText);
  if ('resync' in cursor) return { resync: true, reason: cursor.resync };
  const limit = Math.min(limitIn ?? LIMITS.feedPageDefault, LIMITS.feedPageMax);
  const booth = device.profile === 'booth';
  const fromStart = cursor.xid === '0' && cursor.seq === '0';
  const page = await inTx(pool, async (c) => {
    const recs = await c.query<{ tbl: string; record_id: string; booth: boolean; cx: string; cs: string; epoch: string }>(
      `SELECT tbl, record_id, booth, xid::text AS cx, seq::text AS cs, (SELECT value FROM hub.meta WHERE key = 'feed_epoch') AS epoch FROM replica.records
       WHERE (xid, seq) > ($1::xid8, $2::bigint) AND xid < pg_snapshot_xmin(pg_current_snapshot())
         AND (NOT $4::boolean OR booth OR tbl = 'staff') ORDER BY xid, seq LIMIT $3`,
      [cursor.xid, cursor.seq, limit, booth],
    );
    // Records of OWN_SKIPPED tables whose every field this device wrote are left out: it holds them
    // already, and merging them again would change nothing. The cursor still moves past them. A
    // read from the beginning (a new device, or a resync) gets them too.
    const fields = await c.query<{ tbl: string; record_id: string; field: string; hlc: string; node: string; sealed: Buffer }>(
      `SELECT f.tbl, f.record_id, f.field, f.hlc, f.node, f.sealed FROM replica.fields f
       JOIN unnest($1::text[], $2::uuid[]) AS r(tbl, record_id) ON f.tbl = r.tbl AND f.record_id = r.record_id
       WHERE $3::uuid IS NULL OR NOT (r.tbl = ANY($4::text[]))
          OR EXISTS (SELECT 1 FROM replica.fields o WHERE o.tbl = r.tbl AND o.record_id = r.record_id AND o.device_id IS DISTINCT FROM $3::uuid)`,
      [recs.rows.map((r) => r.tbl), recs.rows.map((r) => r.record_id), fromStart ? null : device.id, OWN_SKIPPED],
    );
    return { recs: recs.rows, fields: fields.rows };
  });
  const byRecord = new Map<string, Record<string, ReplicaFieldValue>>();
  for (const f of page.fields) {
    const k = `${f.tbl}/${f.record_id}`;
    const rec = byRecord.get(k) ?? {};
    rec[f.field] = { value: JSON.parse(open(key, f.sealed, fieldAad(f.tbl, f.record_id, f.field))) as ReplicaFieldValue['value'], hlc: f.hlc, node: f.node };
    byRecord.set(k, rec);
  }
  const items: RecordChange[] = [];
  for (const r of page.recs) {
    const all = byRecord.get(`${r.tbl}/${r.record_id}`) ?? {};
    const table = r.tbl as RecordChange['table'];
    // A booth gets the staff who may work on it whole; of anyone else only what refuses them there;
    // records it may not see at all (customer data) were left out by the query.
    const allowed = !booth ? null : table === 'staff' && !r.booth ? BOOTH_BARRED_STAFF_FIELDS : BOOTH_REPLICA_FIELDS[table];
    const fields = allowed === null ? all : Object.fromEntries(Object.entries(all).filter(([name]) => allowed.includes(name)));
    if (Object.keys(fields).length > 0) items.push({ table, recordId: r.record_id, fields });
  }
  const last = page.recs[page.recs.length - 1];
  if (items.length > 0) {
    await inTx(pool, async (c) => {
      await c.query('SET LOCAL synchronous_commit = off');
      await audit(c, device.id, 'pull', { feed: 'replica', items: items.length });
    });
  }
  const epoch = last?.epoch ?? (await pool.query<{ value: string }>("SELECT value FROM hub.meta WHERE key = 'feed_epoch'")).rows[0]!.value;
  const next = last ? `${last.cx}.${last.cs}` : `${cursor.xid}.${cursor.seq}`;
  return { resync: false, items, nextCursor: `${epoch}.${next}`, hasMore: page.recs.length === limit };
}
