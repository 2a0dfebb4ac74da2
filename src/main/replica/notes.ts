import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { z } from 'zod';
import { formatHlc } from '../../shared/hlc';
import type { REPLICA_FIELDS } from '../../shared/sync/protocol';
import { uuidV7 } from '../../shared/uuid7';
import { scrubRemovedRecord } from './erasure';
import { stmt } from '../db/statements';
import {
  accountGidOf,
  clearPending,
  localAccount,
  waitFor,
  mergedValues,
  recordsNaming,
  recordsShared,
  scrubRecordCopy,
  shareFields,
  staffGidOf,
  staffIdOf,
  type Projection,
} from './record-links';

/**
 * Service notes as replicated records (table 'notes', record id = service_notes.gid). A note stays
 * apart from its account: its own table here and its own record on the wire, naming the account by
 * gid. The notes channels are still the only way to read them. A removal is final on every device,
 * whatever edit it crossed; a concurrent edit of the body is won by the later stamp.
 */

type NoteFields = { [K in keyof (typeof REPLICA_FIELDS)['notes']]: z.output<(typeof REPLICA_FIELDS)['notes'][K]> };

interface NoteRow {
  id: number;
  gid: string | null;
  account_id: number;
  body: string;
  created_at: string;
  created_by: number;
  updated_at: string;
  updated_by: number;
}

const noteRow = (db: Database, id: number) => stmt<[number], NoteRow>(db, 'SELECT * FROM service_notes WHERE id = ?').get(id);

/** The note's gid, given one if it has none. */
function gidOf(db: Database, n: NoteRow): string {
  if (n.gid) return n.gid;
  const gid = uuidV7(Date.parse(n.created_at) || 0);
  stmt(db, 'UPDATE service_notes SET gid = ? WHERE id = ?').run(gid, n.id);
  return gid;
}

function whole(db: Database, n: NoteRow): Partial<NoteFields> {
  return {
    account: accountGidOf(db, n.account_id) ?? undefined,
    body: n.body,
    createdAt: n.created_at,
    createdBy: staffGidOf(db, n.created_by) ?? undefined,
    updatedAt: n.updated_at,
    updatedBy: staffGidOf(db, n.updated_by) ?? undefined,
    removed: false,
  };
}

/** Queues a note just added here. Call in the transaction that wrote it. */
export function shareNoteAdded(db: Database, noteId: number, at: string): void {
  if (!recordsShared(db)) return;
  const n = noteRow(db, noteId);
  if (n) shareFields(db, 'notes', gidOf(db, n), whole(db, n), at);
}

/** Queues an edit of a note's body. Call in the transaction that wrote it. */
export function shareNoteEdited(db: Database, noteId: number, at: string): void {
  if (!recordsShared(db)) return;
  const n = noteRow(db, noteId);
  if (n) shareFields(db, 'notes', gidOf(db, n), { body: n.body, updatedAt: n.updated_at, updatedBy: staffGidOf(db, n.updated_by) ?? undefined }, at);
}

/** Queues a note's removal, its body blanked. Call before the row is deleted, in the same transaction. */
export function shareNoteRemoved(db: Database, noteId: number, byStaffId: number, at: string): void {
  if (!recordsShared(db)) return;
  const n = noteRow(db, noteId);
  if (n) shareFields(db, 'notes', gidOf(db, n), { removed: true, body: null, updatedAt: at, updatedBy: staffGidOf(db, byStaffId) ?? undefined }, at);
}

/** Shares up to `limit` notes held before this device shared them, each stamped with its last change; returns how many. Call in a transaction. */
export function shareExistingNotes(db: Database, nowMs: number, limit: number): number {
  const rows = stmt<[number], NoteRow>(
    db,
    "SELECT n.* FROM service_notes n WHERE n.gid IS NULL OR NOT EXISTS (SELECT 1 FROM replica_fields r WHERE r.tbl = 'notes' AND r.record_id = n.gid) ORDER BY n.id LIMIT ?",
  ).all(limit);
  for (const n of rows) {
    const wall = Math.min(Date.parse(n.updated_at) || 0, nowMs);
    shareFields(db, 'notes', gidOf(db, n), whole(db, n), new Date(nowMs).toISOString(), formatHlc({ wall, counter: 0 }));
  }
  return rows.length;
}

const deleteLocal = (db: Database, gid: string) => stmt(db, 'DELETE FROM service_notes WHERE gid = ?').run(gid);

/**
 * Writes service_notes from a note's merged fields. Call inside a transaction. A note whose account
 * or staff has not arrived waits ('waiting'); a note of an erased account is scrubbed.
 */
export function projectNote(db: Database, gid: string): Projection {
  const f = mergedValues<NoteFields>(db, 'notes', gid);
  if (f.removed === true || f.body === null) {
    deleteLocal(db, gid);
    if (f.removed === true) scrubRemovedRecord(db, 'notes', gid);
    clearPending(db, 'notes', gid);
    return 'done';
  }
  if (!f.account || f.body === undefined || !f.createdAt || !f.createdBy || !f.updatedAt || !f.updatedBy) return waitFor(db, 'notes', gid);
  const account = localAccount(db, f.account);
  if (!account) return waitFor(db, 'notes', gid);
  if (account.status === 'erased') {
    deleteLocal(db, gid);
    scrubRecordCopy(db, 'notes', gid);
    return 'done';
  }
  const createdBy = staffIdOf(db, f.createdBy);
  const updatedBy = staffIdOf(db, f.updatedBy);
  if (createdBy === undefined || updatedBy === undefined) return waitFor(db, 'notes', gid);
  const have = stmt<[string], { id: number }>(db, 'SELECT id FROM service_notes WHERE gid = ?').get(gid);
  if (have) {
    stmt(db, 'UPDATE service_notes SET account_id = ?, body = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(account.id, f.body, f.updatedAt, updatedBy, have.id);
  } else {
    stmt(db, 'INSERT INTO service_notes (gid, account_id, body, created_at, created_by, updated_at, updated_by) VALUES (?,?,?,?,?,?,?)').run(
      gid,
      account.id,
      f.body,
      f.createdAt,
      createdBy,
      f.updatedAt,
      updatedBy,
    );
  }
  clearPending(db, 'notes', gid);
  return 'done';
}

/**
 * Scrubs this device's copy of every service note of an account (by its gid): the rows, their
 * merged fields and their queued changes. For erasure; call inside the erasing transaction.
 */
export function scrubNotesOfAccount(db: Database, accountGid: string): void {
  const account = localAccount(db, accountGid);
  const gids = new Set(recordsNaming(db, 'notes', 'account', accountGid));
  if (account) {
    for (const r of stmt<[number], { gid: string | null }>(db, 'SELECT gid FROM service_notes WHERE account_id = ?').all(account.id)) if (r.gid) gids.add(r.gid);
    stmt(db, 'DELETE FROM service_notes WHERE account_id = ?').run(account.id);
  }
  for (const gid of gids) {
    deleteLocal(db, gid);
    scrubRecordCopy(db, 'notes', gid);
  }
}
