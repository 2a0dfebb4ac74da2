import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { z } from 'zod';
import { formatHlc } from '../../shared/hlc';
import { normaliseEmail } from '../../shared/email';
import type { REPLICA_FIELDS } from '../../shared/sync/protocol';
import { uuidV7 } from '../../shared/uuid7';
import { stmt } from '../db/statements';
import type { LeadColumns } from '../leads/repo';
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
 * Telemarketing leads as replicated records (table 'leads', record id = leads.gid). Every change
 * carries the lead's permission evidence as its row holds it (who obtained it, when, how, the
 * script's version, hash and language, the prospect's confirmation, who recorded it), and the hub
 * and every device refuse a lead change without it (REPLICA_REQUIRED_FIELDS). Contact details merge
 * field by field, the later stamp winning; a conversion travels as the account's gid; a removal is
 * final and blanks the contact details with its stamp.
 */

type LeadFields = { [K in keyof (typeof REPLICA_FIELDS)['leads']]: z.output<(typeof REPLICA_FIELDS)['leads'][K]> };
export type LeadContactField = 'name' | 'phone' | 'email' | 'company' | 'notes';

interface LeadRow extends LeadColumns {
  gid: string | null;
  status: 'open' | 'converted';
  created_by: number;
  perm_recorded_by: number;
}

const leadRow = (db: Database, id: number) => stmt<[number], LeadRow>(db, 'SELECT * FROM leads WHERE id = ?').get(id);

function gidOf(db: Database, l: LeadRow): string {
  if (l.gid) return l.gid;
  const gid = uuidV7(Date.parse(l.created_at) || 0);
  stmt(db, 'UPDATE leads SET gid = ? WHERE id = ?').run(gid, l.id);
  return gid;
}

/** The permission evidence exactly as the row holds it; undefined if a staff member in it has no gid. */
function permissionOf(db: Database, l: LeadRow): LeadFields['permission'] | undefined {
  const recordedBy = staffGidOf(db, l.perm_recorded_by);
  const obtainedByStaff = staffGidOf(db, l.perm_obtained_by_staff_id);
  if (recordedBy === null || (l.perm_obtained_by_staff_id !== null && obtainedByStaff === null)) return undefined;
  return {
    obtainedByStaff,
    obtainedByName: l.perm_obtained_by_name,
    obtainedAt: l.perm_obtained_at,
    method: l.perm_method,
    scriptVersion: l.perm_script_version,
    scriptSha256: l.perm_script_sha256,
    scriptLanguage: l.perm_script_language,
    confirmation: l.perm_confirmation,
    recordedAt: l.perm_recorded_at,
    recordedBy,
  };
}

const conversionOf = (db: Database, l: LeadRow): LeadFields['conversion'] | undefined => {
  if (l.converted_account_id === null || l.converted_at === null) return null;
  const account = accountGidOf(db, l.converted_account_id);
  return account === null ? undefined : { account, at: l.converted_at };
};

function whole(db: Database, l: LeadRow): Partial<LeadFields> {
  return {
    name: l.name,
    phone: l.phone,
    email: l.email,
    company: l.company,
    notes: l.notes,
    permission: permissionOf(db, l),
    createdAt: l.created_at,
    createdBy: staffGidOf(db, l.created_by) ?? undefined,
    updatedAt: l.updated_at,
    conversion: conversionOf(db, l),
    removed: false,
  };
}

/** Queues `values` of a lead with its permission evidence (never without it). */
function share(db: Database, l: LeadRow, values: Partial<LeadFields>, at: string, stamp?: string): void {
  const permission = permissionOf(db, l);
  if (!permission) return;
  shareFields(db, 'leads', gidOf(db, l), { ...values, permission }, at, stamp);
}

/** Queues a lead just created here. Call in the transaction that wrote it. */
export function shareLeadCreated(db: Database, leadId: number, at: string): void {
  if (!recordsShared(db)) return;
  const l = leadRow(db, leadId);
  if (l) share(db, l, whole(db, l), at);
}

/** Queues an edit of some contact details. Call in the transaction that wrote them. */
export function shareLeadEdited(db: Database, leadId: number, changed: readonly LeadContactField[], at: string): void {
  if (!recordsShared(db)) return;
  const l = leadRow(db, leadId);
  if (!l) return;
  const values: Partial<LeadFields> = { updatedAt: l.updated_at };
  for (const k of changed) Object.assign(values, { [k]: l[k] });
  share(db, l, values, at);
}

/** Queues a lead's conversion into an account. Call in the transaction that marked it. */
export function shareLeadConverted(db: Database, leadId: number, at: string): void {
  if (!recordsShared(db)) return;
  const l = leadRow(db, leadId);
  if (l) share(db, l, { conversion: conversionOf(db, l), updatedAt: l.updated_at }, at);
}

/** Queues a lead's removal, its contact details blanked. Call before the row is deleted, in the same transaction. */
export function shareLeadRemoved(db: Database, leadId: number, at: string): void {
  if (!recordsShared(db)) return;
  const l = leadRow(db, leadId);
  if (l) share(db, l, { removed: true, name: null, phone: null, email: null, company: null, notes: null, updatedAt: at }, at);
}

/** Shares up to `limit` leads held before this device shared them, each stamped with its last change; returns how many. Call in a transaction. */
export function shareExistingLeads(db: Database, nowMs: number, limit: number): number {
  const rows = stmt<[number], LeadRow>(
    db,
    "SELECT l.* FROM leads l WHERE l.gid IS NULL OR NOT EXISTS (SELECT 1 FROM replica_fields r WHERE r.tbl = 'leads' AND r.record_id = l.gid) ORDER BY l.id LIMIT ?",
  ).all(limit);
  for (const l of rows) share(db, l, whole(db, l), new Date(nowMs).toISOString(), formatHlc({ wall: Math.min(Date.parse(l.updated_at) || 0, nowMs), counter: 0 }));
  return rows.length;
}

const deleteLocal = (db: Database, gid: string) => stmt(db, 'DELETE FROM leads WHERE gid = ?').run(gid);
const digits = (phone: string) => phone.replace(/\D/g, '');

/**
 * Writes leads (and through its triggers the search index) from a lead's merged fields. Call
 * inside a transaction. A lead naming staff or an account that has not arrived waits; a lead
 * converted into an erased account is scrubbed.
 */
export function projectLead(db: Database, gid: string): Projection {
  const f = mergedValues<LeadFields>(db, 'leads', gid);
  if (f.removed === true) {
    deleteLocal(db, gid);
    clearPending(db, 'leads', gid);
    return 'done';
  }
  const p = f.permission;
  if (!p || !f.name || !f.phone || f.email === undefined || f.company === undefined || f.notes === undefined || !f.createdAt || !f.createdBy || !f.updatedAt || f.conversion === undefined)
    return waitFor(db, 'leads', gid);
  let convertedInto: number | null = null;
  if (f.conversion !== null) {
    const account = localAccount(db, f.conversion.account);
    if (!account) return waitFor(db, 'leads', gid);
    if (account.status === 'erased') {
      deleteLocal(db, gid);
      scrubRecordCopy(db, 'leads', gid);
      return 'done';
    }
    convertedInto = account.id;
  }
  const createdBy = staffIdOf(db, f.createdBy);
  const recordedBy = staffIdOf(db, p.recordedBy);
  const obtainedBy = p.obtainedByStaff === null ? null : staffIdOf(db, p.obtainedByStaff);
  if (createdBy === undefined || recordedBy === undefined || obtainedBy === undefined) return waitFor(db, 'leads', gid);
  const contact = [f.name, f.phone, digits(f.phone), f.email, f.email === null ? null : normaliseEmail(f.email), f.company, f.notes] as const;
  const status = convertedInto === null ? 'open' : 'converted';
  const have = stmt<[string], { id: number }>(db, 'SELECT id FROM leads WHERE gid = ?').get(gid);
  if (have) {
    stmt(
      db,
      `UPDATE leads SET name = ?, phone = ?, phone_digits = ?, email = ?, email_norm = ?, company = ?, notes = ?, status = ?, converted_account_id = ?, converted_at = ?, updated_at = ?
       WHERE id = ?`,
    ).run(...contact, status, convertedInto, f.conversion?.at ?? null, f.updatedAt, have.id);
  } else {
    stmt(
      db,
      `INSERT INTO leads (gid, name, phone, phone_digits, email, email_norm, company, notes, status, converted_account_id, converted_at, created_at, created_by, updated_at,
         perm_obtained_by_staff_id, perm_obtained_by_name, perm_obtained_at, perm_method, perm_script_version, perm_script_sha256,
         perm_script_language, perm_confirmation, perm_recorded_at, perm_recorded_by)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    ).run(
      gid,
      ...contact,
      status,
      convertedInto,
      f.conversion?.at ?? null,
      f.createdAt,
      createdBy,
      f.updatedAt,
      obtainedBy,
      p.obtainedByName,
      p.obtainedAt,
      p.method,
      p.scriptVersion,
      p.scriptSha256,
      p.scriptLanguage,
      p.confirmation,
      p.recordedAt,
      recordedBy,
    );
  }
  clearPending(db, 'leads', gid);
  return 'done';
}

/** Scrubs this device's copy of one lead (by its gid): its row, merged fields and queued changes. Call inside a transaction. */
export function scrubLead(db: Database, leadGid: string): void {
  deleteLocal(db, leadGid);
  scrubRecordCopy(db, 'leads', leadGid);
}

/**
 * Scrubs this device's copy of every lead of an account's person (by the account's gid): those
 * converted into it, and those with the address `emailNorm` (the account's, read before the
 * erasure blanked it; taken from the account row when not given). For erasure; call inside the
 * erasing transaction.
 */
export function scrubLeadsOfAccount(db: Database, accountGid: string, emailNorm?: string | null): void {
  const account = localAccount(db, accountGid);
  const email = emailNorm ?? account?.emailNorm ?? null;
  const gids = new Set(recordsNaming(db, 'leads', 'conversion', accountGid));
  const local = stmt<[number, string | null], { gid: string | null; id: number }>(db, 'SELECT id, gid FROM leads WHERE converted_account_id = ? OR email_norm = ?').all(
    account?.id ?? -1,
    email,
  );
  for (const l of local) {
    if (l.gid) gids.add(l.gid);
    else stmt(db, 'DELETE FROM leads WHERE id = ?').run(l.id);
  }
  if (email !== null) {
    for (const r of stmt<[], { record_id: string; value: string }>(db, "SELECT record_id, value FROM replica_fields WHERE tbl = 'leads' AND field = 'email' AND value <> 'null'").all()) {
      if (normaliseEmail(JSON.parse(r.value) as string) === email) gids.add(r.record_id);
    }
  }
  for (const gid of gids) scrubLead(db, gid);
}
