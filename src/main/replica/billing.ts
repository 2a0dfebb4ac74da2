import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { z } from 'zod';
import { formatHlc } from '../../shared/hlc';
import type { REPLICA_FIELDS } from '../../shared/sync/protocol';
import { stmt } from '../db/statements';
import type { BillingColumns } from '../billing/repo';
import {
  accountGidOf,
  clearPending,
  localAccount,
  waitFor,
  mergedValues,
  newestStamp,
  recordsNaming,
  recordsShared,
  scrubRecordCopy,
  shareFields,
  staffGidOf,
  staffIdOf,
  type Projection,
} from './record-links';

/**
 * Billing profiles as replicated records (table 'billing'). An account has at most one profile, so
 * its record id is derived from the account's gid (billingRecordId): two devices that each create
 * the account's profile offline write one record, merged field by field (name, address as a whole,
 * card), the later stamp winning each. A removal blanks the three with one stamp; a later save
 * brings them back.
 */

type BillingFields = { [K in keyof (typeof REPLICA_FIELDS)['billing']]: z.output<(typeof REPLICA_FIELDS)['billing'][K]> };
export type BillingPart = 'billingName' | 'address' | 'card';

/** The billing record of an account: a version 8 (name-based) UUID from the account's gid. */
export function billingRecordId(accountGid: string): string {
  const h = createHash('sha256').update(`billing/${accountGid}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface BillingRow extends BillingColumns {
  gid: string | null;
  updated_by: number;
}

const billingRow = (db: Database, accountId: number) => stmt<[number], BillingRow>(db, 'SELECT * FROM billing_profiles WHERE account_id = ?').get(accountId);

function parts(r: BillingRow): Pick<BillingFields, BillingPart> {
  return {
    billingName: r.billing_name,
    address: { line1: r.address_line1, line2: r.address_line2, postalCode: r.postal_code, city: r.city, country: r.country },
    card: r.card_brand !== null && r.card_last4 !== null ? { brand: r.card_brand, last4: r.card_last4 } : null,
  };
}

/** The account's record id, written on its row. Null when the account has no gid (never shared). */
function recordOf(db: Database, accountId: number): string | null {
  const accountGid = accountGidOf(db, accountId);
  if (accountGid === null) return null;
  const id = billingRecordId(accountGid);
  stmt(db, 'UPDATE billing_profiles SET gid = ? WHERE account_id = ? AND gid IS NOT ?').run(id, accountId, id);
  return id;
}

/** Queues a save of an account's profile: the parts it changed (all of them when it was created). Call in the saving transaction. */
export function shareBillingSaved(db: Database, accountId: number, changed: readonly BillingPart[], created: boolean, at: string): void {
  if (!recordsShared(db)) return;
  const r = billingRow(db, accountId);
  const id = r && recordOf(db, accountId);
  if (!r || !id) return;
  const all = parts(r);
  const send: Partial<BillingFields> = { account: accountGidOf(db, accountId)!, updatedAt: r.updated_at, updatedBy: staffGidOf(db, r.updated_by) ?? undefined };
  for (const k of created ? (['billingName', 'address', 'card'] as const) : changed) Object.assign(send, { [k]: all[k] });
  shareFields(db, 'billing', id, send, at);
}

/** Queues the removal of an account's profile. Call before the row is deleted, in the same transaction. */
export function shareBillingRemoved(db: Database, accountId: number, byStaffId: number, at: string): void {
  if (!recordsShared(db) || !billingRow(db, accountId)) return;
  const id = recordOf(db, accountId);
  if (!id) return;
  shareFields(db, 'billing', id, { account: accountGidOf(db, accountId)!, billingName: null, address: null, card: null, updatedAt: at, updatedBy: staffGidOf(db, byStaffId) ?? undefined }, at);
}

/** Shares up to `limit` profiles held before this device shared them, each stamped with its last change; returns how many. Call in a transaction. */
export function shareExistingBilling(db: Database, nowMs: number, limit: number): number {
  const rows = stmt<[number], BillingRow>(
    db,
    "SELECT b.* FROM billing_profiles b JOIN accounts a ON a.id = b.account_id WHERE a.gid IS NOT NULL AND (b.gid IS NULL OR NOT EXISTS (SELECT 1 FROM replica_fields r WHERE r.tbl = 'billing' AND r.record_id = b.gid)) ORDER BY b.account_id LIMIT ?",
  ).all(limit);
  for (const r of rows) {
    const id = recordOf(db, r.account_id);
    if (!id) continue;
    const wall = Math.min(Date.parse(r.updated_at) || 0, nowMs);
    shareFields(
      db,
      'billing',
      id,
      { account: accountGidOf(db, r.account_id)!, ...parts(r), updatedAt: r.updated_at, updatedBy: staffGidOf(db, r.updated_by) ?? undefined },
      new Date(nowMs).toISOString(),
      formatHlc({ wall, counter: 0 }),
    );
  }
  return rows.length;
}

/**
 * Writes billing_profiles from a profile's merged fields. Call inside a transaction. When two
 * records land on one account (its registration merged with another), the one changed last is
 * shown. A profile of an erased account is scrubbed.
 */
export function projectBilling(db: Database, id: string): Projection {
  const f = mergedValues<BillingFields>(db, 'billing', id);
  if (!f.account || !f.updatedAt || !f.updatedBy || f.billingName === undefined || f.address === undefined || f.card === undefined) return waitFor(db, 'billing', id);
  const account = localAccount(db, f.account);
  if (!account) return waitFor(db, 'billing', id);
  if (account.status === 'erased') {
    stmt(db, 'DELETE FROM billing_profiles WHERE gid = ?').run(id);
    scrubRecordCopy(db, 'billing', id);
    return 'done';
  }
  const held = stmt<[number], { gid: string | null }>(db, 'SELECT gid FROM billing_profiles WHERE account_id = ?').get(account.id);
  if (held && held.gid !== null && held.gid !== id && newestStamp(db, 'billing', held.gid) > newestStamp(db, 'billing', id)) {
    clearPending(db, 'billing', id);
    return 'done';
  }
  if (f.billingName === null || f.address === null) {
    stmt(db, 'DELETE FROM billing_profiles WHERE account_id = ?').run(account.id);
    clearPending(db, 'billing', id);
    return 'done';
  }
  const updatedBy = staffIdOf(db, f.updatedBy);
  if (updatedBy === undefined) return waitFor(db, 'billing', id);
  const a = f.address;
  stmt(
    db,
    `INSERT INTO billing_profiles (account_id, gid, billing_name, address_line1, address_line2, postal_code, city, country, card_brand, card_last4, updated_at, updated_by)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
     ON CONFLICT (account_id) DO UPDATE SET gid = excluded.gid, billing_name = excluded.billing_name, address_line1 = excluded.address_line1,
       address_line2 = excluded.address_line2, postal_code = excluded.postal_code, city = excluded.city, country = excluded.country,
       card_brand = excluded.card_brand, card_last4 = excluded.card_last4, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(account.id, id, f.billingName, a.line1, a.line2, a.postalCode, a.city, a.country, f.card?.brand ?? null, f.card?.last4 ?? null, f.updatedAt, updatedBy);
  clearPending(db, 'billing', id);
  return 'done';
}

/**
 * Scrubs this device's copy of an account's billing profile (by the account's gid): the row, its
 * merged fields and its queued changes. For erasure; call inside the erasing transaction.
 */
export function scrubBillingOfAccount(db: Database, accountGid: string): void {
  const ids = new Set([billingRecordId(accountGid), ...recordsNaming(db, 'billing', 'account', accountGid)]);
  const account = localAccount(db, accountGid);
  if (account) stmt(db, 'DELETE FROM billing_profiles WHERE account_id = ?').run(account.id);
  for (const id of ids) {
    stmt(db, 'DELETE FROM billing_profiles WHERE gid = ?').run(id);
    scrubRecordCopy(db, 'billing', id);
  }
}
