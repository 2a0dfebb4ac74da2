import type { Database } from 'better-sqlite3-multiple-ciphers';
import { stmt } from '../db/statements';
import { accountsShared } from './accounts';
import { projectBilling, scrubBillingOfAccount, shareExistingBilling } from './billing';
import { projectLead, scrubLeadsOfAccount, shareExistingLeads } from './leads';
import { projectNote, scrubNotesOfAccount, shareExistingNotes } from './notes';
import { markRecordsShared, pendingRecords, recordsShared, type Projection, type RestrictedTable } from './record-links';

/**
 * The restricted records together (service notes, billing profiles, leads), for the sync step:
 * sharing what a device held once it has shared its accounts, writing received records into their
 * tables, retrying those that waited, and scrubbing them when their account is erased. Office
 * devices only: a booth never receives them (the hub leaves them out of its feed).
 */

/** Records shared per transaction when a device first shares them, so a large store never holds a window still. */
const SHARE_CHUNK = 1_000;

/**
 * Shares, once, every note, billing profile and lead held before; only after the accounts are
 * shared. In chunks, each its own transaction. Returns whether it is done.
 */
export function shareExistingRecords(db: Database, now: Date): boolean {
  if (recordsShared(db)) return true;
  if (!accountsShared(db)) return false;
  const ms = now.getTime();
  for (let guard = 0; guard < 1_000_000; guard++) {
    const done = db
      .transaction(() => {
        const counts = [shareExistingNotes(db, ms, SHARE_CHUNK), shareExistingBilling(db, ms, SHARE_CHUNK), shareExistingLeads(db, ms, SHARE_CHUNK)];
        // A kind whose chunk came back short has nothing more to share.
        const last = counts.every((n) => n < SHARE_CHUNK);
        if (last) markRecordsShared(db);
        return last;
      })
      .immediate();
    if (done) return true;
  }
  return false;
}

export function projectRestricted(db: Database, table: RestrictedTable, recordId: string): Projection {
  switch (table) {
    case 'notes':
      return projectNote(db, recordId);
    case 'billing':
      return projectBilling(db, recordId);
    case 'leads':
      return projectLead(db, recordId);
  }
}

/** Writes the records that waited for an account or staff member, as far as they now can be. Call inside a transaction. */
export function projectWaitingRecords(db: Database): void {
  for (const p of pendingRecords(db)) projectRestricted(db, p.tbl, p.record_id);
}

/** The address of an account as this device holds it: read before an incoming erasure blanks it. */
export const accountEmailNorm = (db: Database, accountGid: string): string | null =>
  stmt<[string], { email_norm: string | null }>(db, 'SELECT email_norm FROM accounts WHERE gid = ?').get(accountGid)?.email_norm ?? null;

/** Whether the account `accountGid` is erased on this device. */
export const accountErased = (db: Database, accountGid: string): boolean =>
  stmt<[string], { status: string }>(db, 'SELECT s.status FROM accounts a JOIN account_state s ON s.account_id = a.id WHERE a.gid = ?').get(accountGid)?.status === 'erased';

/** Scrubs the notes, billing profile and leads of an erased account's person. Call inside the erasing transaction. */
export function scrubRecordsOfAccount(db: Database, accountGid: string, emailNorm?: string | null): void {
  scrubNotesOfAccount(db, accountGid);
  scrubBillingOfAccount(db, accountGid);
  scrubLeadsOfAccount(db, accountGid, emailNorm);
}
