import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { formatHlc, HLC_ZERO, parseHlc, receive, tick, type Hlc } from '../../shared/hlc';
import type { RecordChange, ReplicaFieldValue, ReplicaTable } from '../../shared/sync/protocol';
import { uuidV7 } from '../../shared/uuid7';
import { stmt } from '../db/statements';
import { sha256Hex } from '../sync/outbox';

/**
 * Replicated records on this device (customers.db): the merged copy of every field in replica_fields
 * with the stamp (hlc, node) of the change that wrote it, this device's clock, and the outbox rows
 * (kind 'record') that carry its own changes to the hub. A table's own rows (staff, settings) are a
 * projection of the merged fields, written by that table's adapter (staff.ts, settings.ts).
 *
 * Rules: a local change is stamped by tick(), so it sorts after everything this device has seen,
 * and is written to replica_fields and queued in the same transaction as the row it changes. A
 * field from the hub replaces the local one only when its (hlc, node) is greater; the clock then
 * receives the stamp. Merging the same fields twice changes nothing.
 */

/** Outbox kind of a record change (customers.db sync_outbox); sent by replica/sync.ts, not the push loop. */
export const RECORD_KIND = 'record';

const NODE_KEY = 'replica.node';
const CLOCK_KEY = 'replica.hlc';

function setting(db: Database, key: string): string | null {
  const row = stmt<[string], { value: string }>(db, 'SELECT value FROM settings WHERE key = ?').get(key);
  return row ? (JSON.parse(row.value) as string) : null;
}

function putSetting(db: Database, key: string, value: string): void {
  stmt(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}

/** This device's replica node id: the device part of every stamp it writes. Made on first use. */
export function replicaNode(db: Database): string {
  const have = setting(db, NODE_KEY);
  if (have) return have;
  const node = randomUUID();
  putSetting(db, NODE_KEY, node);
  return node;
}

function clockOf(db: Database): Hlc {
  const text = setting(db, CLOCK_KEY);
  return text ? parseHlc(text) : HLC_ZERO;
}

/** The next stamp for a local change, saved so it never repeats or goes back (inside a transaction). */
export function nextStamp(db: Database, nowMs: number): string {
  const h = tick(clockOf(db), nowMs);
  putSetting(db, CLOCK_KEY, formatHlc(h));
  return formatHlc(h);
}

/**
 * Receives the greatest of `stamps` (one page's) into this device's clock, so every change it makes
 * afterwards sorts after all of them. Inside a transaction.
 */
export function observeStamps(db: Database, stamps: Iterable<string>, nowMs: number): void {
  let top: string | null = null;
  for (const s of stamps) if (top === null || s > top) top = s;
  const h = clockOf(db);
  if (top === null || top < formatHlc(h)) return;
  putSetting(db, CLOCK_KEY, formatHlc(receive(h, parseHlc(top), nowMs)));
}

export type FieldValues = Record<string, ReplicaFieldValue['value']>;

/** The merged fields of one record, with their stamps. */
export function mergedFields(db: Database, table: ReplicaTable, recordId: string): Record<string, ReplicaFieldValue> {
  const rows = stmt<[string, string], { field: string; value: string; hlc: string; node: string }>(
    db,
    'SELECT field, value, hlc, node FROM replica_fields WHERE tbl = ? AND record_id = ?',
  ).all(table, recordId);
  return Object.fromEntries(rows.map((r) => [r.field, { value: JSON.parse(r.value) as ReplicaFieldValue['value'], hlc: r.hlc, node: r.node }]));
}

/**
 * Records a local change to some fields of a record and queues it for the hub. Call inside the
 * transaction that writes the table's own row. `stamp` overrides the clock (used when this device
 * first shares records it held before joining: they keep the time they were last changed).
 * Returns the id of the outbox row, or null when there was nothing to record.
 */
export function recordLocalChange(db: Database, table: ReplicaTable, recordId: string, values: FieldValues, nowMs: number, stamp?: string): string | null {
  const names = Object.keys(values);
  if (names.length === 0) return null;
  const node = replicaNode(db);
  const hlc = stamp ?? nextStamp(db, nowMs);
  const put = stmt(
    db,
    `INSERT INTO replica_fields (tbl, record_id, field, value, hlc, node) VALUES (?,?,?,?,?,?)
     ON CONFLICT (tbl, record_id, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc, node = excluded.node
     WHERE (replica_fields.hlc, replica_fields.node) < (excluded.hlc, excluded.node)`,
  );
  const fields: RecordChange['fields'] = {};
  for (const name of names) {
    put.run(table, recordId, name, JSON.stringify(values[name]), hlc, node);
    fields[name] = { value: values[name]!, hlc, node };
  }
  const change: RecordChange = { table, recordId, fields };
  const text = JSON.stringify(change);
  const at = new Date(nowMs).toISOString();
  const id = uuidV7(nowMs);
  stmt(db, 'INSERT INTO sync_outbox (id, kind, payload, sha256, created_at) VALUES (?,?,?,?,?)').run(id, RECORD_KIND, text, sha256Hex(text), at);
  return id;
}

/**
 * How many of this device's record changes wait to be sent (kept or refused ones are flagged, not
 * waiting). Passes over their entries in sync_outbox_unsent and reads no row: about 5 ms for an
 * import's 120,000, on the main thread. The planner does not count that index as covering (sent_at
 * is only in its WHERE), so INDEXED BY keeps the count on it.
 */
export function unsentRecordCount(db: Database): number {
  return stmt<[string], { n: number }>(db, 'SELECT count(*) AS n FROM sync_outbox INDEXED BY sync_outbox_unsent WHERE kind = ? AND sent_at IS NULL AND hub_status IS NULL').get(RECORD_KIND)!.n;
}

/**
 * Merges a record's fields from the hub into the local copy, last writer by (hlc, node) winning per
 * field. Returns the names of the fields that changed (empty when the copy already had them).
 */
export function mergeRecord(db: Database, change: RecordChange): string[] {
  const put = stmt(
    db,
    `INSERT INTO replica_fields (tbl, record_id, field, value, hlc, node) VALUES (?,?,?,?,?,?)
     ON CONFLICT (tbl, record_id, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc, node = excluded.node
     WHERE (replica_fields.hlc, replica_fields.node) < (excluded.hlc, excluded.node)`,
  );
  const won: string[] = [];
  for (const [name, f] of Object.entries(change.fields)) {
    if (put.run(change.table, change.recordId, name, JSON.stringify(f.value), f.hlc, f.node.toLowerCase()).changes > 0) won.push(name);
  }
  return won;
}
