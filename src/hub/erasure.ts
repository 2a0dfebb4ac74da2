import { erasedValue, erasureIn, OWNED_TABLES, ownerAccount } from '../shared/sync/erasure';
import { type RecordChange, type ReplicaFieldValue, type ReplicaTable } from '../shared/sync/protocol';
import { open, seal, type DataKey } from './crypto';
import type { Client } from './db';

/**
 * Erasure on the hub (migration 009). Called by pushRecords in its transaction, after a batch of
 * changes has merged: an account change that sets erasedAt leaves a tombstone (replica.erased), and
 * every record the erased account owns is rewritten to what shared/sync/erasure.ts keeps of it, in
 * place, with its stamps unchanged. The hub holds one sealed value per field (no older versions,
 * no copies in the feed, nothing of the values in replica.changes or its audit), so this leaves no
 * personal data of the person in the database. A later change to such a record, whatever its stamp,
 * merges and is scrubbed in the same transaction, so nothing it carries is ever stored or served.
 */

const fieldAad = (table: string, recordId: string, field: string) => `replica/${table}/${recordId}/${field}`;

interface Merged {
  change: RecordChange;
}

/**
 * Takes a transaction lock per account the changes belong to, in one order, before anything of
 * them is written. Without it, a push erasing an account and a concurrent push adding a record it
 * owns could each miss the other (the erasure scrubs what is committed; the new record checks for a
 * tombstone not yet committed), and the record's values would stay on the hub. With it, whichever
 * commits second sees the first.
 */
export async function lockAccounts(c: Client, changes: readonly RecordChange[]): Promise<void> {
  const accounts = new Set<string>();
  const unnamed: RecordChange[] = [];
  for (const change of changes) {
    const owner = ownerAccount(change.table, change.recordId, change.fields);
    if (owner !== null) accounts.add(owner.toLowerCase());
    else if (OWNED_TABLES.includes(change.table)) unnamed.push(change);
  }
  if (unnamed.length > 0) {
    const r = await c.query<{ account: string }>('SELECT DISTINCT o.account::text FROM replica.owners o JOIN unnest($1::text[], $2::uuid[]) AS t(tbl, record_id) ON o.tbl = t.tbl AND o.record_id = t.record_id', [
      unnamed.map((u) => u.table),
      unnamed.map((u) => u.recordId),
    ]);
    for (const row of r.rows) accounts.add(row.account);
  }
  if (accounts.size === 0) return;
  await c.query('SELECT pg_advisory_xact_lock(k) FROM (SELECT hashtextextended(a, 0) AS k FROM unnest($1::text[]) AS a ORDER BY 1) AS keys', [[...accounts]]);
}

/** Links new records to their accounts, records new tombstones, and scrubs every record of an erased account the batch touched. */
export async function applyErasures(c: Client, key: DataKey, merged: readonly Merged[]): Promise<void> {
  if (merged.length === 0) return;
  const links: { tbl: string; record_id: string; account: string }[] = [];
  const touched = new Set<string>();
  for (const { change } of merged) {
    const owner = ownerAccount(change.table, change.recordId, change.fields);
    if (owner === null) continue;
    touched.add(owner);
    if (owner !== change.recordId) links.push({ tbl: change.table, record_id: change.recordId, account: owner });
    const at = erasureIn(change.table, change.fields);
    if (at !== null) await c.query('INSERT INTO replica.erased (record_id, erased_at) VALUES ($1, $2) ON CONFLICT (record_id) DO NOTHING', [change.recordId, at]);
  }
  if (links.length > 0) {
    await c.query(
      `INSERT INTO replica.owners (tbl, record_id, account) SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[]) ON CONFLICT (tbl, record_id) DO NOTHING`,
      [links.map((l) => l.tbl), links.map((l) => l.record_id), links.map((l) => l.account)],
    );
  }
  // Changes that do not name their account (a partial edit) belong to the one linked before.
  const owned = merged.filter((m) => OWNED_TABLES.includes(m.change.table));
  if (owned.length > 0) {
    const r = await c.query<{ account: string }>('SELECT DISTINCT o.account FROM replica.owners o JOIN unnest($1::text[], $2::uuid[]) AS t(tbl, record_id) ON o.tbl = t.tbl AND o.record_id = t.record_id', [
      owned.map((m) => m.change.table),
      owned.map((m) => m.change.recordId),
    ]);
    for (const row of r.rows) touched.add(row.account);
  }
  if (touched.size === 0) return;
  const erased = await c.query<{ record_id: string; erased_at: string }>('SELECT record_id, erased_at FROM replica.erased WHERE record_id = ANY($1::uuid[])', [[...touched]]);
  if (erased.rows.length === 0) return;
  await linkOlderRecords(c, key);
  for (const e of erased.rows) await scrubAccount(c, key, e.record_id, e.erased_at);
}

/** Links records stored before replica.owners existed, once: the first erasure opens their values to find their accounts. */
async function linkOlderRecords(c: Client, key: DataKey): Promise<void> {
  const done = await c.query<{ value: string }>("SELECT value FROM hub.meta WHERE key = 'owners_linked' FOR UPDATE");
  if (done.rows[0]?.value !== 'false') return;
  const rows = await c.query<{ tbl: ReplicaTable; record_id: string; field: string; sealed: Buffer }>(
    `SELECT f.tbl, f.record_id, f.field, f.sealed FROM replica.fields f
      WHERE f.tbl = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM replica.owners o WHERE o.tbl = f.tbl AND o.record_id = f.record_id)`,
    [OWNED_TABLES],
  );
  const byRecord = new Map<string, { tbl: ReplicaTable; record_id: string; fields: Record<string, { value: ReplicaFieldValue['value'] }> }>();
  for (const r of rows.rows) {
    const k = `${r.tbl}/${r.record_id}`;
    const rec = byRecord.get(k) ?? { tbl: r.tbl, record_id: r.record_id, fields: {} };
    rec.fields[r.field] = { value: JSON.parse(open(key, r.sealed, fieldAad(r.tbl, r.record_id, r.field))) as ReplicaFieldValue['value'] };
    byRecord.set(k, rec);
  }
  for (const rec of byRecord.values()) {
    const owner = ownerAccount(rec.tbl, rec.record_id, rec.fields);
    if (owner !== null) await c.query('INSERT INTO replica.owners (tbl, record_id, account) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [rec.tbl, rec.record_id, owner]);
  }
  await c.query("UPDATE hub.meta SET value = 'true' WHERE key = 'owners_linked'");
}

/** Rewrites every field of the account's records to what an erasure keeps; a record that changed moves to the feed's end. */
async function scrubAccount(c: Client, key: DataKey, account: string, erasedAt: string): Promise<void> {
  const fields = await c.query<{ tbl: ReplicaTable; record_id: string; field: string; sealed: Buffer }>(
    `SELECT f.tbl, f.record_id, f.field, f.sealed FROM replica.fields f
      WHERE (f.tbl = 'accounts' AND f.record_id = $1) OR (f.tbl, f.record_id) IN (SELECT o.tbl, o.record_id FROM replica.owners o WHERE o.account = $1)
      ORDER BY f.tbl, f.record_id, f.field FOR UPDATE`,
    [account],
  );
  const moved = new Set<string>();
  for (const f of fields.rows) {
    const aad = fieldAad(f.tbl, f.record_id, f.field);
    const text = open(key, f.sealed, aad);
    const kept = JSON.stringify(erasedValue(f.tbl, f.field, JSON.parse(text) as ReplicaFieldValue['value'], erasedAt));
    if (kept === text) continue;
    await c.query('UPDATE replica.fields SET sealed = $4 WHERE tbl = $1 AND record_id = $2 AND field = $3', [f.tbl, f.record_id, f.field, seal(key, kept, aad)]);
    moved.add(`${f.tbl}\u0000${f.record_id}`);
  }
  for (const m of moved) {
    const [tbl, recordId] = m.split('\u0000') as [string, string];
    await c.query("UPDATE replica.records SET xid = pg_current_xact_id(), seq = nextval('replica.feed_seq') WHERE tbl = $1 AND record_id = $2", [tbl, recordId]);
  }
}
