import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AccountStatus } from '../../shared/customers-lists';
import type { ReplicaTable } from '../../shared/sync/protocol';
import { stmt } from '../db/statements';
import { accountsShared } from './accounts';
import { resolveAccountGid } from './merges';
import { mergedFields, recordLocalChange, type FieldValues } from './records';

/**
 * What the restricted records (service notes, billing profiles, leads: notes.ts, billing.ts,
 * leads.ts) share: the gate that starts queuing their local writes, the links from local ids to
 * the gids that cross devices and back, the records waiting for an account or staff member that
 * has not arrived (replica_pending), and the scrub of one record's local copy.
 */

export type RestrictedTable = Extract<ReplicaTable, 'notes' | 'billing' | 'leads'>;

/** Set once this device has shared the notes, billing profiles and leads it held; from then on each write is queued as made. */
export const SHARED_RECORDS_KEY = 'replica.sharedRecords';

/** Whether local writes of notes, billing and leads are queued (after the accounts they refer to are shared). */
export const recordsShared = (db: Database): boolean =>
  accountsShared(db) && stmt<[string], { value: string }>(db, 'SELECT value FROM settings WHERE key = ?').get(SHARED_RECORDS_KEY)?.value === 'true';

export const markRecordsShared = (db: Database): void => {
  stmt(db, "INSERT INTO settings (key, value) VALUES (?, 'true') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(SHARED_RECORDS_KEY);
};

export const staffGidOf = (db: Database, staffId: number | null): string | null =>
  staffId === null ? null : (stmt<[number], { gid: string | null }>(db, 'SELECT gid FROM staff WHERE id = ?').get(staffId)?.gid ?? null);

/** The local staff id of a staff gid; undefined while that person has not arrived here. */
export const staffIdOf = (db: Database, gid: string): number | undefined => stmt<[string], { id: number }>(db, 'SELECT id FROM staff WHERE gid = ?').get(gid)?.id;

export const accountGidOf = (db: Database, accountId: number): string | null =>
  stmt<[number], { gid: string | null }>(db, 'SELECT gid FROM accounts WHERE id = ?').get(accountId)?.gid ?? null;

/** The local account a record names by gid (following merges), or undefined while it has not arrived. */
export function localAccount(db: Database, gid: string): { id: number; status: AccountStatus; emailNorm: string | null } | undefined {
  return stmt<[string], { id: number; status: AccountStatus; emailNorm: string | null }>(
    db,
    'SELECT a.id, s.status, a.email_norm AS emailNorm FROM accounts a JOIN account_state s ON s.account_id = a.id WHERE a.gid = ?',
  ).get(resolveAccountGid(db, gid));
}

/** The merged field values of a record, without their stamps. */
export function mergedValues<T>(db: Database, table: RestrictedTable, recordId: string): Partial<T> {
  return Object.fromEntries(Object.entries(mergedFields(db, table, recordId)).map(([k, v]) => [k, v.value])) as Partial<T>;
}

/** The newest stamp among a record's merged fields ('' when there are none). */
export const newestStamp = (db: Database, table: RestrictedTable, recordId: string): string =>
  stmt<[string, string], { top: string | null }>(db, 'SELECT max(hlc) AS top FROM replica_fields WHERE tbl = ? AND record_id = ?').get(table, recordId)?.top ?? '';

/** Queues a local change of a restricted record, its undefined values left out. Call in the writing transaction. */
export function shareFields(db: Database, table: RestrictedTable, recordId: string, values: Record<string, unknown>, at: string, stamp?: string): void {
  const fields: FieldValues = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) fields[k] = v as FieldValues[string];
  recordLocalChange(db, table, recordId, fields, Date.parse(at), stamp);
}

/** Records of `table` whose merged `field` names this account gid (or a gid merged into it). */
export function recordsNaming(db: Database, table: RestrictedTable, field: string, accountGid: string): string[] {
  const gids = [accountGid, ...stmt<[string], { gid: string }>(db, 'SELECT gid FROM account_merges WHERE into_gid = ?').all(accountGid).map((r) => r.gid)];
  const find = stmt<[string, string, string, string], { record_id: string }>(
    db,
    "SELECT record_id FROM replica_fields WHERE tbl = ? AND field = ? AND (value = ? OR json_extract(value, '$.account') = ?)",
  );
  return [...new Set(gids.flatMap((g) => find.all(table, field, JSON.stringify(g), g).map((r) => r.record_id)))];
}

/** Marks a received record as waiting for an account or staff member that has not arrived; a projection returns what this returns. */
export function waitFor(db: Database, table: RestrictedTable, recordId: string): 'waiting' {
  stmt(db, 'INSERT OR IGNORE INTO replica_pending (tbl, record_id) VALUES (?, ?)').run(table, recordId);
  return 'waiting';
}

export const clearPending = (db: Database, table: RestrictedTable, recordId: string): void => {
  stmt(db, 'DELETE FROM replica_pending WHERE tbl = ? AND record_id = ?').run(table, recordId);
};

export const pendingRecords = (db: Database): { tbl: RestrictedTable; record_id: string }[] =>
  stmt<[], { tbl: RestrictedTable; record_id: string }>(db, 'SELECT tbl, record_id FROM replica_pending ORDER BY tbl, record_id').all();

/**
 * Removes this device's copy of one record's replicated state: its merged fields, its queued or
 * sent changes in the outbox, and its waiting mark. The caller deletes the local row itself.
 */
export function scrubRecordCopy(db: Database, table: RestrictedTable, recordId: string): void {
  stmt(db, 'DELETE FROM replica_fields WHERE tbl = ? AND record_id = ?').run(table, recordId);
  const prefix = JSON.stringify({ table, recordId }).slice(0, -1);
  stmt(db, "DELETE FROM sync_outbox WHERE kind = 'record' AND substr(payload, 1, ?) = ?").run(prefix.length, prefix);
  clearPending(db, table, recordId);
}

/** The outcome of writing a received record into its table. */
export type Projection = 'done' | 'waiting';
