import { createHmac } from 'node:crypto';
import { normaliseEmail } from '../shared/email';
import { formatHlc, HLC_ZERO, parseHlc } from '../shared/hlc';
import { erasedValue, erasureIn, isRemoved, OWNED_TABLES, ownerAccount, removedValue } from '../shared/sync/erasure';
import { type RecordChange, type ReplicaFieldValue, type ReplicaTable } from '../shared/sync/protocol';
import { open, seal, type DataKey } from './crypto';
import type { Client } from './db';
import { orgKey } from './devices';

/**
 * Erasure on the hub (migration 009). Called by pushRecords in its transaction, after a batch of
 * changes has merged: an account change that sets erasedAt leaves a tombstone (replica.erased), and
 * every record the erased account owns is rewritten to what shared/sync/erasure.ts keeps of it, in
 * place, with its stamps unchanged. The hub holds one sealed value per field (no older versions,
 * no copies in the feed, nothing of the values in replica.changes or its audit), so this leaves no
 * personal data of the person in the database. A later change to such a record, whatever its stamp,
 * merges and is scrubbed in the same transaction, so nothing it carries is ever stored or served.
 * The SHA-256 of every change of those records goes from replica.changes too.
 *
 * Erasure by address: the tombstone carries the suppression HMAC of the erased address
 * (erasedEmail), and the hub keeps the HMAC of every account's and lead's current address
 * (replica.email_hashes). An account or lead with that address made before the erasure, on a device
 * that never held the erased account, is the same person's: the hub erases it itself, as a change of
 * its own (hubWrite: a stamp later than every stamp of the record, node HUB_NODE), so every device
 * receives and applies that erasure through the feed like any other. Whichever arrives first, the
 * record or the tombstone, the match is made when the second one arrives.
 *
 * Removal wins: a removed note or lead and a removed billing profile (shared/sync/erasure.ts
 * isRemoved) keep their personal fields blank, in place, whatever the stamps of concurrent edits.
 */

const fieldAad = (table: string, recordId: string, field: string) => `replica/${table}/${recordId}/${field}`;

/** The node of the changes the hub writes itself (erasures by address). */
export const HUB_NODE = '00000000-0000-7000-8000-0000000000ff';

type Value = ReplicaFieldValue['value'];

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

/** The HMAC the suppression list uses for an address, under the organisation's key. */
const emailHmac = (keyB64: string, email: string): Buffer => createHmac('sha256', Buffer.from(keyB64, 'base64')).update(normaliseEmail(email)).digest();

const ADDRESSED: readonly ReplicaTable[] = ['accounts', 'leads'];

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
    if (at !== null) {
      const h = change.fields.erasedEmail?.value;
      await c.query(
        'INSERT INTO replica.erased (record_id, erased_at, email_hmac) VALUES ($1, $2, $3) ON CONFLICT (record_id) DO UPDATE SET email_hmac = coalesce(replica.erased.email_hmac, excluded.email_hmac)',
        [change.recordId, at, typeof h === 'string' ? Buffer.from(h, 'hex') : null],
      );
    }
  }
  await applyRemovals(c, key, merged);
  for (const account of await eraseByAddress(c, key, merged)) touched.add(account);
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
  // The hashes of the changes that carried the person's data identify them as well as the data.
  await c.query(
    `UPDATE replica.changes SET sha256 = NULL
      WHERE sha256 IS NOT NULL AND ((tbl = 'accounts' AND record_id = $1) OR (tbl, record_id) IN (SELECT o.tbl, o.record_id FROM replica.owners o WHERE o.account = $1))`,
    [account],
  );
  await c.query("DELETE FROM replica.email_hashes WHERE (tbl = 'accounts' AND record_id = $1) OR (tbl, record_id) IN (SELECT o.tbl, o.record_id FROM replica.owners o WHERE o.account = $1)", [account]);
}

/**
 * Writes `values` into a record as a change of the hub's own, stamped after every stamp the record
 * holds, and moves the record to the feed's end: devices merge it like any change.
 */
async function hubWrite(c: Client, key: DataKey, table: ReplicaTable, recordId: string, values: Record<string, Value>): Promise<void> {
  const top = (await c.query<{ top: string | null }>('SELECT max(hlc) AS top FROM replica.fields WHERE tbl = $1 AND record_id = $2', [table, recordId])).rows[0]?.top;
  const last = top ? parseHlc(top) : HLC_ZERO;
  const hlc = formatHlc(last.counter >= 0xffff ? { wall: last.wall + 1, counter: 0 } : { wall: last.wall, counter: last.counter + 1 });
  for (const [field, value] of Object.entries(values)) {
    await c.query(
      `INSERT INTO replica.fields (tbl, record_id, field, hlc, node, sealed) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tbl, record_id, field) DO UPDATE SET hlc = excluded.hlc, node = excluded.node, sealed = excluded.sealed`,
      [table, recordId, field, hlc, HUB_NODE, seal(key, JSON.stringify(value), fieldAad(table, recordId, field))],
    );
  }
  await c.query(
    `INSERT INTO replica.records (tbl, record_id) VALUES ($1, $2)
     ON CONFLICT (tbl, record_id) DO UPDATE SET xid = pg_current_xact_id(), seq = nextval('replica.feed_seq')`,
    [table, recordId],
  );
}

/** The opened merged fields of one record. */
async function openRecord(c: Client, key: DataKey, table: ReplicaTable, recordId: string): Promise<Record<string, Value>> {
  const r = await c.query<{ field: string; sealed: Buffer }>('SELECT field, sealed FROM replica.fields WHERE tbl = $1 AND record_id = $2 FOR UPDATE', [table, recordId]);
  return Object.fromEntries(r.rows.map((f) => [f.field, JSON.parse(open(key, f.sealed, fieldAad(table, recordId, f.field))) as Value]));
}

/**
 * Keeps the address hashes of the batch's accounts and leads current, then erases every account and
 * lead that a tombstone's address names and that was made before that erasure. Returns the
 * tombstones that gained records, so their scrub runs.
 */
async function eraseByAddress(c: Client, key: DataKey, merged: readonly Merged[]): Promise<string[]> {
  const addressed = new Map<string, { table: ReplicaTable; recordId: string }>();
  const tombstones: string[] = [];
  for (const { change } of merged) {
    if (ADDRESSED.includes(change.table) && ('email' in change.fields || 'createdAt' in change.fields)) addressed.set(`${change.table}/${change.recordId}`, change);
    if (typeof change.fields.erasedEmail?.value === 'string') tombstones.push(change.recordId);
  }
  if (addressed.size === 0 && tombstones.length === 0) return [];
  const keyB64 = await orgKey(c, key);
  if (keyB64 === null) return [];
  const records = [...addressed.values()];
  if (records.length > 0) {
    const r = await c.query<{ tbl: ReplicaTable; record_id: string; field: string; sealed: Buffer }>(
      `SELECT f.tbl, f.record_id::text, f.field, f.sealed FROM replica.fields f JOIN unnest($1::text[], $2::uuid[]) AS t(tbl, record_id) ON f.tbl = t.tbl AND f.record_id = t.record_id
        WHERE f.field IN ('email', 'createdAt')`,
      [records.map((x) => x.table), records.map((x) => x.recordId)],
    );
    const current = new Map<string, { tbl: ReplicaTable; record_id: string; email?: Value; createdAt?: Value }>();
    for (const f of r.rows) {
      const k = `${f.tbl}/${f.record_id}`;
      const row = current.get(k) ?? { tbl: f.tbl, record_id: f.record_id };
      (row as Record<string, unknown>)[f.field] = JSON.parse(open(key, f.sealed, fieldAad(f.tbl, f.record_id, f.field)));
      current.set(k, row);
    }
    await lockAddresses(c, keyB64, [...current.values()], merged);
    await storeHashes(c, keyB64, [...current.values()]);
  } else {
    await lockAddresses(c, keyB64, [], merged);
  }
  if (tombstones.length > 0) await hashOlderRecords(c, key, keyB64);
  const hits = await c.query<{ tbl: ReplicaTable; record_id: string; created_at: string | null; tomb: string; erased_at: string; email_hmac: Buffer }>(
    `SELECT h.tbl, h.record_id::text, h.created_at, e.record_id::text AS tomb, e.erased_at, e.email_hmac
       FROM replica.email_hashes h JOIN replica.erased e ON e.email_hmac = h.email_hmac
      WHERE h.record_id <> e.record_id AND (h.record_id = ANY($1::uuid[]) OR e.record_id = ANY($2::uuid[]))
      ORDER BY h.tbl, h.record_id`,
    [records.map((x) => x.recordId), tombstones],
  );
  const gained = new Set<string>();
  for (const hit of hits.rows) {
    // A record made after the erasure is a new registration, with a consent of its own.
    if (hit.created_at !== null && Date.parse(hit.created_at) > Date.parse(hit.erased_at)) continue;
    if (hit.tbl === 'accounts') {
      const done = await c.query('SELECT 1 FROM replica.erased WHERE record_id = $1', [hit.record_id]);
      if (done.rowCount) continue;
      await c.query('INSERT INTO replica.erased (record_id, erased_at, email_hmac) VALUES ($1, $2, $3)', [hit.record_id, hit.erased_at, hit.email_hmac]);
      const f = await openRecord(c, key, 'accounts', hit.record_id);
      const values: Record<string, Value> = { erasedEmail: hit.email_hmac.toString('hex') };
      for (const [field, v] of Object.entries({ ...f, erasedAt: f.erasedAt ?? null })) {
        const kept = erasedValue('accounts', field, v, hit.erased_at);
        if (JSON.stringify(kept) !== JSON.stringify(v)) values[field] = kept;
      }
      await hubWrite(c, key, 'accounts', hit.record_id, values);
      gained.add(hit.record_id);
    } else {
      await c.query(
        `INSERT INTO replica.owners (tbl, record_id, account) VALUES ('leads', $1, $2) ON CONFLICT (tbl, record_id) DO UPDATE SET account = excluded.account`,
        [hit.record_id, hit.tomb],
      );
      const f = await openRecord(c, key, 'leads', hit.record_id);
      const values: Record<string, Value> = {};
      for (const [field, v] of Object.entries(f)) {
        const kept = erasedValue('leads', field, v, hit.erased_at);
        if (JSON.stringify(kept) !== JSON.stringify(v)) values[field] = kept;
      }
      if (Object.keys(values).length > 0) await hubWrite(c, key, 'leads', hit.record_id, values);
      gained.add(hit.tomb);
    }
    await c.query('DELETE FROM replica.email_hashes WHERE tbl = $1 AND record_id = $2', [hit.tbl, hit.record_id]);
  }
  return [...gained];
}

/**
 * Takes a transaction lock per address hash this batch stores or erases, in one order. A tombstone
 * and a record of the same address pushed at the same moment would otherwise each look before the
 * other committed, and neither would see the match; with the lock, the second looks after the first
 * committed.
 */
async function lockAddresses(c: Client, keyB64: string, rows: readonly { email?: Value }[], merged: readonly Merged[]): Promise<void> {
  const hashes = new Set<string>();
  for (const r of rows) if (typeof r.email === 'string') hashes.add(emailHmac(keyB64, r.email).toString('hex'));
  for (const { change } of merged) {
    const h = change.fields.erasedEmail?.value;
    if (typeof h === 'string') hashes.add(h);
  }
  if (hashes.size === 0) return;
  const keys = [...hashes].map((h) => BigInt.asIntN(64, BigInt(`0x${h.slice(0, 16)}`)).toString());
  await c.query('SELECT pg_advisory_xact_lock(k) FROM (SELECT k FROM unnest($1::bigint[]) AS t(k) ORDER BY k) AS s', [keys]);
}

async function storeHashes(c: Client, keyB64: string, rows: readonly { tbl: ReplicaTable; record_id: string; email?: Value; createdAt?: Value }[]): Promise<void> {
  const keep = rows.filter((r) => typeof r.email === 'string');
  const gone = rows.filter((r) => typeof r.email !== 'string');
  if (gone.length > 0) {
    await c.query('DELETE FROM replica.email_hashes h USING unnest($1::text[], $2::uuid[]) AS t(tbl, record_id) WHERE h.tbl = t.tbl AND h.record_id = t.record_id', [
      gone.map((r) => r.tbl),
      gone.map((r) => r.record_id),
    ]);
  }
  if (keep.length === 0) return;
  await c.query(
    `INSERT INTO replica.email_hashes (tbl, record_id, email_hmac, created_at)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::bytea[], $4::text[])
     ON CONFLICT (tbl, record_id) DO UPDATE SET email_hmac = excluded.email_hmac, created_at = excluded.created_at`,
    [keep.map((r) => r.tbl), keep.map((r) => r.record_id), keep.map((r) => emailHmac(keyB64, r.email as string)), keep.map((r) => (typeof r.createdAt === 'string' ? r.createdAt : null))],
  );
}

/** Hashes, once, the addresses of accounts and leads stored before replica.email_hashes existed. */
async function hashOlderRecords(c: Client, key: DataKey, keyB64: string): Promise<void> {
  const done = await c.query<{ value: string }>("SELECT value FROM hub.meta WHERE key = 'email_hashes_linked' FOR UPDATE");
  if (done.rows[0]?.value !== 'false') return;
  const r = await c.query<{ tbl: ReplicaTable; record_id: string; field: string; sealed: Buffer }>(
    `SELECT f.tbl, f.record_id::text, f.field, f.sealed FROM replica.fields f
      WHERE f.tbl IN ('accounts', 'leads') AND f.field IN ('email', 'createdAt')
        AND NOT EXISTS (SELECT 1 FROM replica.email_hashes h WHERE h.tbl = f.tbl AND h.record_id = f.record_id)`,
  );
  const rows = new Map<string, { tbl: ReplicaTable; record_id: string; email?: Value; createdAt?: Value }>();
  for (const f of r.rows) {
    const k = `${f.tbl}/${f.record_id}`;
    const row = rows.get(k) ?? { tbl: f.tbl, record_id: f.record_id };
    (row as Record<string, unknown>)[f.field] = JSON.parse(open(key, f.sealed, fieldAad(f.tbl, f.record_id, f.field)));
    rows.set(k, row);
  }
  await storeHashes(c, keyB64, [...rows.values()].filter((x) => typeof x.email === 'string'));
  await c.query("UPDATE hub.meta SET value = 'true' WHERE key = 'email_hashes_linked'");
}

/**
 * Keeps removed notes, leads and billing profiles blank: a concurrent edit with a later stamp than
 * the removal merges, and its personal values are rewritten in place here, stamps unchanged.
 */
async function applyRemovals(c: Client, key: DataKey, merged: readonly Merged[]): Promise<void> {
  const flag: Partial<Record<ReplicaTable, string>> = { notes: 'removed', leads: 'removed', billing: 'removedAt' };
  const records = [...new Map(merged.filter((m) => flag[m.change.table] !== undefined).map((m) => [`${m.change.table}/${m.change.recordId}`, m.change])).values()];
  if (records.length === 0) return;
  const r = await c.query<{ tbl: ReplicaTable; record_id: string; field: string; sealed: Buffer }>(
    `SELECT f.tbl, f.record_id::text, f.field, f.sealed FROM replica.fields f JOIN unnest($1::text[], $2::uuid[], $3::text[]) AS t(tbl, record_id, field)
       ON f.tbl = t.tbl AND f.record_id = t.record_id AND f.field = t.field`,
    [records.map((x) => x.table), records.map((x) => x.recordId), records.map((x) => flag[x.table]!)],
  );
  for (const f of r.rows) {
    if (!isRemoved(f.tbl, { [f.field]: JSON.parse(open(key, f.sealed, fieldAad(f.tbl, f.record_id, f.field))) as Value })) continue;
    const all = await c.query<{ field: string; sealed: Buffer }>('SELECT field, sealed FROM replica.fields WHERE tbl = $1 AND record_id = $2 FOR UPDATE', [f.tbl, f.record_id]);
    for (const x of all.rows) {
      const aad = fieldAad(f.tbl, f.record_id, x.field);
      const text = open(key, x.sealed, aad);
      const kept = JSON.stringify(removedValue(f.tbl, x.field, JSON.parse(text) as Value));
      if (kept !== text) await c.query('UPDATE replica.fields SET sealed = $4 WHERE tbl = $1 AND record_id = $2 AND field = $3', [f.tbl, f.record_id, x.field, seal(key, kept, aad)]);
    }
  }
}
