import {
  eventPayload,
  PUSH_KINDS_BY_PROFILE,
  suppressionPayload,
  type PushItem,
  type PushResult,
} from '../shared/sync/protocol';
import { sealMany, sha256Hex, type DataKey } from './crypto';
import { asRole, CONTEST_ROLE, CUSTOMER_ROLE, inTx, type Client, type Pool } from './db';
import type { Device } from './devices';

/**
 * Push: every item is inserted under the unique constraint on its id, in one transaction that
 * commits before the answer is sent. Same id and hash: duplicate (success). Same id, other hash:
 * conflict, the second version kept in <schema>.conflicts and the first row flagged. Items are
 * written in id order so concurrent batches with the same ids wait for each other instead of
 * deadlocking.
 */

type Outcome = Map<string, PushResult>;

function refuse(out: Outcome, item: PushItem, code: PushResult['code'], message: string): void {
  out.set(item.id, { id: item.id, status: 'refused', code, message });
}

/** Sorts out which existing ids are duplicates and which conflicts, after an insert that skipped them. */
function classify(out: Outcome, items: PushItem[], inserted: Set<string>, existing: Map<string, string>): PushItem[] {
  const conflicts: PushItem[] = [];
  for (const it of items) {
    if (inserted.has(it.id)) out.set(it.id, { id: it.id, status: 'stored' });
    else if (existing.get(it.id) === it.sha256) out.set(it.id, { id: it.id, status: 'duplicate' });
    else {
      out.set(it.id, { id: it.id, status: 'conflict', message: 'The hub already has this record with other content; both versions are kept.' });
      conflicts.push(it);
    }
  }
  return conflicts;
}

async function pushEntries(c: Client, device: Device, items: PushItem[], sealed: Map<string, Buffer>, out: Outcome): Promise<void> {
  // The sealed rows travel as one binary parameter cut up by offset and length: node-postgres sends
  // a Buffer parameter as raw bytes, where a bytea[] would be hex text of twice the size.
  const parts = items.map((i) => sealed.get(i.id)!);
  const offsets: number[] = [];
  let at = 1;
  for (const b of parts) {
    offsets.push(at);
    at += b.length;
  }
  const ins = await c.query<{ id: string }>(
    `INSERT INTO contest.entries (id, device_id, sha256, sealed, created_at)
     SELECT id, $2::uuid, sha, substring($4::bytea FROM o FOR l), created
     FROM unnest($1::uuid[], $3::text[], $5::int[], $6::int[], $7::timestamptz[]) AS t(id, sha, o, l, created)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [items.map((i) => i.id), device.id, items.map((i) => i.sha256), Buffer.concat(parts), offsets, parts.map((b) => b.length), items.map((i) => i.createdAt)],
  );
  const inserted = new Set(ins.rows.map((r) => r.id));
  const rest = items.filter((i) => !inserted.has(i.id));
  const existing = new Map<string, string>();
  if (rest.length > 0) {
    const r = await c.query<{ id: string; sha256: string }>('SELECT id, sha256 FROM contest.entries WHERE id = ANY($1::uuid[])', [rest.map((i) => i.id)]);
    for (const row of r.rows) existing.set(row.id, row.sha256);
  }
  const conflicts = classify(out, items, inserted, existing);
  for (const it of conflicts) {
    await c.query('INSERT INTO contest.conflicts (id, kind, sha256, device_id, sealed) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
      it.id,
      it.kind,
      it.sha256,
      device.id,
      sealed.get(it.id)!,
    ]);
    await c.query('UPDATE contest.entries SET conflict = true WHERE id = $1 AND NOT conflict', [it.id]);
  }
}

async function pushEvents(c: Client, device: Device, items: PushItem[], out: Outcome): Promise<void> {
  const parsed: { item: PushItem; eventId: string; version: number }[] = [];
  for (const it of items) {
    const p = eventPayload.safeParse(safeJson(it.payload));
    if (!p.success) refuse(out, it, 'malformed_payload', `An event payload must be { eventId, version, body }: ${p.error.issues[0]?.message ?? ''}`);
    else parsed.push({ item: it, eventId: p.data.eventId, version: p.data.version });
  }
  if (parsed.length === 0) return;
  const ins = await c.query<{ id: string }>(
    `INSERT INTO contest.event_items (id, device_id, sha256, event_id, version, payload)
     SELECT id, $2::uuid, sha, ev, ver, payload FROM unnest($1::uuid[], $3::text[], $4::uuid[], $5::int[], $6::text[]) AS t(id, sha, ev, ver, payload)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [parsed.map((p) => p.item.id), device.id, parsed.map((p) => p.item.sha256), parsed.map((p) => p.eventId), parsed.map((p) => p.version), parsed.map((p) => p.item.payload)],
  );
  const inserted = new Set(ins.rows.map((r) => r.id));
  const existing = new Map<string, string>();
  const r = await c.query<{ id: string; sha256: string }>('SELECT id, sha256 FROM contest.event_items WHERE id = ANY($1::uuid[])', [parsed.map((p) => p.item.id)]);
  for (const row of r.rows) existing.set(row.id, row.sha256);
  const conflicts = classify(
    out,
    parsed.map((p) => p.item),
    inserted,
    existing,
  );
  for (const it of conflicts) {
    await c.query('INSERT INTO contest.conflicts (id, kind, sha256, device_id, sealed) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
      it.id,
      it.kind,
      it.sha256,
      device.id,
      Buffer.from(it.payload, 'utf8'),
    ]);
  }
  // The newest version of each event wins; in event id order, so concurrent pushes do not deadlock.
  const fresh = parsed.filter((p) => inserted.has(p.item.id)).sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : b.version - a.version));
  const seen = new Set<string>();
  for (const p of fresh) {
    if (seen.has(p.eventId)) continue;
    seen.add(p.eventId);
    await c.query(
      `INSERT INTO contest.events (event_id, version, sha256, payload) VALUES ($1, $2, $3, $4)
       ON CONFLICT (event_id) DO UPDATE SET version = excluded.version, sha256 = excluded.sha256, payload = excluded.payload,
         xid = pg_current_xact_id(), seq = nextval('contest.feed_seq')
       WHERE contest.events.version < excluded.version`,
      [p.eventId, p.version, p.item.sha256, p.item.payload],
    );
  }
}

/** Where a suppression item is kept by its id: a single change, or a batch of opt-outs. */
type SuppressionTable = 'customer.suppression_items' | 'customer.suppression_batches';

interface SuppressionItem {
  item: PushItem;
  changes: SuppressionChange[];
}

/**
 * Keeps the items by id (`insert` skips ids already kept and returns those it stored), answers each
 * stored, duplicate or conflict (the other version kept in customer.conflicts), and returns the
 * changes of the items stored now.
 */
async function storeSuppression(c: Client, device: Device, table: SuppressionTable, items: SuppressionItem[], insert: { sql: string; params: unknown[] }, out: Outcome): Promise<SuppressionChange[]> {
  if (items.length === 0) return [];
  const ins = await c.query<{ id: string }>(insert.sql, insert.params);
  const inserted = new Set(ins.rows.map((r) => r.id));
  const existing = new Map<string, string>();
  const r = await c.query<{ id: string; sha256: string }>(`SELECT id, sha256 FROM ${table} WHERE id = ANY($1::uuid[])`, [items.map((i) => i.item.id)]);
  for (const row of r.rows) existing.set(row.id, row.sha256);
  for (const it of classify(out, items.map((i) => i.item), inserted, existing)) {
    await c.query('INSERT INTO customer.conflicts (id, sha256, device_id, payload) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [it.id, it.sha256, device.id, it.payload]);
  }
  return items.filter((i) => inserted.has(i.item.id)).flatMap((i) => i.changes);
}

async function pushSuppression(c: Client, device: Device, items: PushItem[], out: Outcome): Promise<void> {
  const singles: SuppressionItem[] = [];
  const batches: SuppressionItem[] = [];
  for (const it of items) {
    const p = suppressionPayload.safeParse(safeJson(it.payload));
    if (!p.success) {
      const issue = p.error.issues[0];
      const detail = issue ? `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}` : '';
      refuse(out, it, 'malformed_payload', `A suppression payload must be one change { emailHmac, lists, cleared, at } or a batch of opt-outs { at, changes: [[emailHmac, lists], …] }: ${detail}`);
    } else if ('changes' in p.data) {
      const at = p.data.at;
      batches.push({ item: it, changes: p.data.changes.map(([emailHmac, lists]) => ({ emailHmac, lists, cleared: 0, at })) });
    } else if (device.profile === 'booth' && p.data.cleared !== 0) {
      refuse(out, it, 'forbidden_kind', 'A booth device may add opt-outs but never lift them; record the new consent on an office device.');
    } else {
      singles.push({ item: it, changes: [{ emailHmac: p.data.emailHmac, lists: p.data.lists, cleared: p.data.cleared, at: p.data.at }] });
    }
  }
  const fromSingles = await storeSuppression(
    c,
    device,
    'customer.suppression_items',
    singles,
    {
      sql: `INSERT INTO customer.suppression_items (id, device_id, sha256, email_hmac, lists, cleared)
            SELECT id, $2::uuid, sha, decode(h, 'hex'), l, x FROM unnest($1::uuid[], $3::text[], $4::text[], $5::int[], $6::int[]) AS t(id, sha, h, l, x)
            ON CONFLICT (id) DO NOTHING RETURNING id`,
      params: [
        singles.map((p) => p.item.id),
        device.id,
        singles.map((p) => p.item.sha256),
        singles.map((p) => p.changes[0]!.emailHmac),
        singles.map((p) => p.changes[0]!.lists),
        singles.map((p) => p.changes[0]!.cleared),
      ],
    },
    out,
  );
  const fromBatches = await storeSuppression(
    c,
    device,
    'customer.suppression_batches',
    batches,
    {
      sql: `INSERT INTO customer.suppression_batches (id, device_id, sha256, changes)
            SELECT id, $2::uuid, sha, n FROM unnest($1::uuid[], $3::text[], $4::int[]) AS t(id, sha, n)
            ON CONFLICT (id) DO NOTHING RETURNING id`,
      params: [batches.map((b) => b.item.id), device.id, batches.map((b) => b.item.sha256), batches.map((b) => b.changes.length)],
    },
    out,
  );
  await applySuppression(c, [...fromSingles, ...fromBatches]);
}

export interface SuppressionChange {
  /** Hex HMAC. */
  emailHmac: string;
  /** Bits opted out of. */
  lists: number;
  /** Bits whose opt-out a consent lifted. */
  cleared: number;
  at: string;
}

/**
 * Applies opt-outs and lifts to the suppression list, under the customer role (see migration 005
 * for the order rule). Sorted by hash, then time, so concurrent writers lock hashes in one order
 * and wait instead of deadlocking.
 */
export async function applySuppression(c: Client, changes: readonly SuppressionChange[]): Promise<void> {
  if (changes.length === 0) return;
  const sorted = [...changes].sort((a, b) => (a.emailHmac < b.emailHmac ? -1 : a.emailHmac > b.emailHmac ? 1 : Date.parse(a.at) - Date.parse(b.at)));
  await c.query(`SELECT customer.apply_suppression(array(SELECT decode(h, 'hex') FROM unnest($1::text[]) WITH ORDINALITY AS t(h, n) ORDER BY n), $2::int[], $3::int[], $4::timestamptz[])`, [
    sorted.map((x) => x.emailHmac),
    sorted.map((x) => x.lists),
    sorted.map((x) => x.cleared),
    sorted.map((x) => x.at),
  ]);
}

/** Adds list bits to suppressed hashes (hex HMAC -> bits), stamped now. */
export async function mergeSuppression(c: Client, union: Map<string, number>): Promise<void> {
  const at = new Date().toISOString();
  await applySuppression(
    c,
    [...union].map(([emailHmac, lists]) => ({ emailHmac, lists, cleared: 0, at })),
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Refused items listed one by one in a push's audit row; the count covers them all. */
const AUDIT_REFUSALS = 100;

export async function push(pool: Pool, key: DataKey, device: Device, items: PushItem[]): Promise<PushResult[]> {
  const out: Outcome = new Map();
  const allowed = PUSH_KINDS_BY_PROFILE[device.profile];
  // Checks that need no database: the hash, the kind, and one id twice in the request.
  const byId = new Map<string, PushItem>();
  const repeated = new Map<number, PushResult>();
  const accepted: PushItem[] = [];
  items.forEach((item, index) => {
    const earlier = byId.get(item.id);
    if (earlier) {
      if (earlier.sha256 !== item.sha256) {
        repeated.set(index, { id: item.id, status: 'refused', code: 'duplicate_in_batch', message: 'The same id appears twice in this batch with different content.' });
      }
      return;
    }
    byId.set(item.id, item);
    if (!allowed.includes(item.kind)) refuse(out, item, 'forbidden_kind', `A ${device.profile} device may not push ${item.kind} records.`);
    else if (sha256Hex(item.payload) !== item.sha256) refuse(out, item, 'hash_mismatch', 'The payload does not match its SHA-256; it changed after capture.');
    else accepted.push(item);
  });
  const sorted = [...accepted].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ofKind = (k: PushItem['kind']) => sorted.filter((i) => i.kind === k);
  const entries = ofKind('contest_entry');
  const events = ofKind('event');
  const suppression = ofKind('suppression');
  // Sealed before the transaction opens, so the transaction (and the feed's horizon) stays short.
  const sealedList = sealMany(key, entries.map((i) => i.payload), entries.map((i) => i.id));
  const sealed = new Map(entries.map((i, n) => [i.id, sealedList[n]!]));
  await inTx(pool, async (c) => {
    const attempt: Outcome = new Map();
    if (entries.length > 0 || events.length > 0) {
      await asRole(c, CONTEST_ROLE);
      if (entries.length > 0) await pushEntries(c, device, entries, sealed, attempt);
      if (events.length > 0) await pushEvents(c, device, events, attempt);
    }
    if (suppression.length > 0) {
      await asRole(c, CUSTOMER_ROLE);
      await pushSuppression(c, device, suppression, attempt);
    }
    await asRole(c, null);
    const counts: Record<string, number> = {};
    for (const r of [...out.values(), ...attempt.values()]) counts[r.status] = (counts[r.status] ?? 0) + 1;
    // Which items were refused and why, by the device the row is filed under (capped: a request
    // holds up to LIMITS.pushItems items).
    const refusedItems = [...out.values(), ...attempt.values()]
      .filter((r) => r.status === 'refused')
      .slice(0, AUDIT_REFUSALS)
      .map((r) => ({ id: r.id, kind: byId.get(r.id)!.kind, code: r.code }));
    await c.query(
      `WITH seen AS (UPDATE hub.devices SET last_seen_at = now() WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - interval '5 seconds'))
       INSERT INTO hub.audit (device_id, action, detail) VALUES ($1, 'push', $2)`,
      [device.id, JSON.stringify({ items: items.length, ...counts, ...(refusedItems.length > 0 ? { refusedItems } : {}) })],
    );
    for (const [id, r] of attempt) out.set(id, r);
  });
  // One result per item, in request order; a repeated id in the request gets the first one's result.
  return items.map((it, index) => repeated.get(index) ?? out.get(it.id)!);
}
