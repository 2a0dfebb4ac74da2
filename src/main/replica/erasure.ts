import type { Database } from 'better-sqlite3-multiple-ciphers';
import { erasedValue, removedValue } from '../../shared/sync/erasure';
import type { RecordChange, ReplicaFieldValue, ReplicaTable } from '../../shared/sync/protocol';
import { appendAudit } from '../audit/log';
import { accountsShared } from './accounts';
import { stmt } from '../db/statements';
import { mergedFields, RECORD_KIND, recordLocalChange } from './records';
import { scrubRecordsOfAccount } from './restricted';

/**
 * Erasure on this device of an account erased on another one (its change arrived with erasedAt
 * set), or here (dsr/erase.ts). It removes what a local erasure removes: the account's name and
 * email (and so its search index entries), its service notes, billing details and leads (with
 * their replicated copies: replica/restricted.ts), its mail, and the notes of its consent events;
 * and, since replicated copies keep values of their own, the personal data in replica_fields and in
 * this device's sync outbox. The rule of what is kept is shared/sync/erasure.ts, the same the
 * hub applies. Each later change for an erased record is scrubbed again as it merges
 * (projectAccount, projectConsent), so none can bring data back, whatever its stamp. Call inside a
 * transaction.
 */

const NO_GIDS: ReadonlySet<string> = new Set();

/** The replicated records an account owns on this device: itself, and its consent events (held or waiting for it). */
function recordsOf(db: Database, accountId: number | null, gid: string): { table: ReplicaTable; recordId: string }[] {
  const accounts = [gid, ...joinedInto(db, gid)];
  const out: { table: ReplicaTable; recordId: string }[] = accounts.map((recordId) => ({ table: 'accounts', recordId }));
  const events = new Set<string>();
  if (accountId !== null) for (const e of stmt<[number], { gid: string }>(db, 'SELECT gid FROM consent_events WHERE account_id = ? AND gid IS NOT NULL').all(accountId)) events.add(e.gid);
  for (const a of accounts) for (const e of stmt<[string], { event_gid: string }>(db, 'SELECT event_gid FROM consent_pending WHERE account_gid = ?').all(a)) events.add(e.event_gid);
  for (const recordId of events) out.push({ table: 'consent', recordId });
  return out;
}

/** The accounts that joined `gid` on this device, directly or through others (account_merges). */
function joinedInto(db: Database, gid: string): string[] {
  const out: string[] = [];
  const todo = [gid];
  for (let guard = 0; todo.length > 0 && guard < 1_000; guard++) {
    for (const r of stmt<[string], { gid: string }>(db, 'SELECT gid FROM account_merges WHERE into_gid = ?').all(todo.pop()!)) {
      out.push(r.gid);
      todo.push(r.gid);
    }
  }
  return out;
}

/**
 * Shares the erasure of every account that joined `gid` here: their records still hold the
 * details they were registered with, on the hub and on devices that never saw the merge.
 * `arriving` names accounts whose erasure is in the feed page being applied (the eraser shared
 * it with the kept account's): sharing them again would be a second write of the same erasure,
 * made while pulling, that every other device would have to pull once more before they agree.
 */
export function shareJoinedErasures(db: Database, gid: string, erasedAt: string, nowMs: number, arriving: ReadonlySet<string> = NO_GIDS): void {
  for (const joined of joinedInto(db, gid)) {
    if (arriving.has(joined)) continue;
    const values: Record<string, ReplicaFieldValue['value']> = {};
    for (const [field, f] of Object.entries(mergedFields(db, 'accounts', joined))) {
      const kept = erasedValue('accounts', field, f.value, erasedAt);
      if (JSON.stringify(kept) !== JSON.stringify(f.value)) values[field] = kept;
    }
    if (Object.keys(values).length > 0) recordLocalChange(db, 'accounts', joined, values, nowMs);
  }
}

/** Rewrites one record's merged fields to what an erasure keeps (stamps unchanged). */
export function scrubReplicaRecord(db: Database, table: ReplicaTable, recordId: string, erasedAt: string): void {
  const rows = stmt<[string, string], { field: string; value: string }>(db, 'SELECT field, value FROM replica_fields WHERE tbl = ? AND record_id = ?').all(table, recordId);
  for (const r of rows) {
    const kept = JSON.stringify(erasedValue(table, r.field, JSON.parse(r.value) as ReplicaFieldValue['value'], erasedAt));
    if (kept !== r.value) stmt(db, 'UPDATE replica_fields SET value = ? WHERE tbl = ? AND record_id = ? AND field = ?').run(kept, table, recordId, r.field);
  }
}

/**
 * Rewrites a removed note's, lead's or billing profile's merged fields to what a removal keeps
 * (stamps unchanged), as the hub does: a concurrent edit stamped after the removal merges, and its
 * personal values go. Call when projecting a record whose merged values are removed (isRemoved).
 */
export function scrubRemovedRecord(db: Database, table: ReplicaTable, recordId: string): void {
  const rows = stmt<[string, string], { field: string; value: string }>(db, 'SELECT field, value FROM replica_fields WHERE tbl = ? AND record_id = ?').all(table, recordId);
  for (const r of rows) {
    const kept = JSON.stringify(removedValue(table, r.field, JSON.parse(r.value) as ReplicaFieldValue['value']));
    if (kept !== r.value) stmt(db, 'UPDATE replica_fields SET value = ? WHERE tbl = ? AND record_id = ? AND field = ?').run(kept, table, recordId, r.field);
  }
}

/**
 * Drops this device's queued and sent changes of one record that carry personal data: they are the
 * only other copies of its values here. Changes that carry none (an erasure's own) stay queued.
 */
function dropOutboxOf(db: Database, table: ReplicaTable, recordId: string, erasedAt: string): void {
  const prefix = JSON.stringify({ table, recordId }).slice(0, -1);
  for (const row of stmt<[string, number, string], { id: string; payload: string }>(db, 'SELECT id, payload FROM sync_outbox WHERE kind = ? AND substr(payload, 1, ?) = ?').all(
    RECORD_KIND,
    prefix.length,
    prefix,
  )) {
    const change = JSON.parse(row.payload) as RecordChange;
    const personal = Object.entries(change.fields).some(([field, f]) => JSON.stringify(erasedValue(table, field, f.value, erasedAt)) !== JSON.stringify(f.value));
    if (personal) stmt(db, 'DELETE FROM sync_outbox WHERE id = ?').run(row.id);
  }
}

/** Scrubs the replicated copies of everything the account owns: its merged fields, and the outbox rows that carry its personal data. */
export function scrubReplicaOf(db: Database, accountId: number | null, gid: string, erasedAt: string): void {
  for (const r of recordsOf(db, accountId, gid)) {
    scrubReplicaRecord(db, r.table, r.recordId, erasedAt);
    dropOutboxOf(db, r.table, r.recordId, erasedAt);
  }
}

/** Set when a received erasure has been applied and the customers store has not been vacuumed since. */
export const SCRUB_DUE_KEY = 'replica.scrubDue';

/**
 * Removes from this device the personal data of an account another device erased: what
 * dsr/erase.ts removes, less the steps whose results replicate on their own (the withdrawal
 * events and the suppression hash arrive through their feeds).
 */
export function eraseReplicatedAccount(db: Database, accountId: number, gid: string, erasedAt: string, at: string, arriving: ReadonlySet<string> = NO_GIDS): void {
  const row = stmt<[number], { email_norm: string | null; number: string | null }>(db, 'SELECT email_norm, number FROM accounts WHERE id = ?').get(accountId);
  // Notes, billing and leads (and their replicated copies), found while the row still holds the address.
  scrubRecordsOfAccount(db, gid, row?.email_norm ?? null);
  const mail = stmt(db, 'DELETE FROM mail_outbox WHERE account_id = ?').run(accountId).changes;
  stmt(db, 'UPDATE accounts SET name = NULL, email = NULL, email_norm = NULL, erased_at = coalesce(erased_at, ?) WHERE id = ?').run(erasedAt, accountId);
  stmt(db, "UPDATE account_state SET status = 'erased', lists = 0, cancel_note = NULL WHERE account_id = ?").run(accountId);
  stmt(db, 'UPDATE consent_events SET note = NULL WHERE account_id = ? AND note IS NOT NULL').run(accountId);
  if (accountsShared(db)) shareJoinedErasures(db, gid, erasedAt, Date.parse(at), arriving);
  scrubReplicaOf(db, accountId, gid, erasedAt);
  // secure_delete leaves bytes in unused page space after b-tree rebalancing; the sync round runs
  // the erasure's scrub (VACUUM) in a job once the page is applied. Kept here, in the same
  // transaction, so a crash before the scrub still leads to one.
  stmt(db, "INSERT INTO settings (key, value) VALUES (?, 'true') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(SCRUB_DUE_KEY);
  appendAudit(db, at, {
    actorId: null,
    actorName: 'sync',
    action: 'dsr.erase_replicated',
    subjectType: 'account',
    subjectId: accountId,
    details: { number: row?.number ?? null, erasedAt, mail },
  });
}
