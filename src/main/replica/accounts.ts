import type { Database } from 'better-sqlite3-multiple-ciphers';
import { formatHlc } from '../../shared/hlc';
import { uuidV7 } from '../../shared/uuid7';
import type { AccountStatus, OptOutReason } from '../../shared/customers-lists';
import { normaliseEmail } from '../../shared/email';
import type { Language } from '../../shared/i18n';
import { stmt } from '../db/statements';
import { withdrawMailOf } from '../outbox/outbox-repo';
import { findProductByName, insertProduct } from '../products/repo';
import { projectPendingConsent, refreshLists, shareExistingConsent, type ConsentEventFields } from './consent';
import { isMergedAway, recordMerge, resolveAccountGid } from './merges';
import { mergedFields, recordLocalChange, type FieldValues } from './records';
import { appendAudit } from '../audit/log';
import { eraseReplicatedAccount, scrubReplicaOf, shareJoinedErasures } from './erasure';

/**
 * Customer accounts as replicated records (table 'accounts', record id = accounts.gid; the field
 * schemas are the protocol's REPLICA_FIELDS.accounts). The local integer id stays what consent
 * events, notes, billing and mail refer to; gid names the account across devices.
 *
 * Account numbers: an office device's number on the hub (DEVICE_NUMBER_KEY, from the enrollment
 * answer or a heartbeat) prefixes the numbers it gives: `<device>-<local id>`, unique across devices
 * because each device's local ids are. An account made before its device joined keeps its bare
 * number only on device 1 (the first office device, which brings the existing customer base); any
 * other device renumbers its bare ones to `<device>-<local id>` when it first shares them.
 *
 * Status is derived from the merged fields (accountStatus), so a cancellation or an erasure wins
 * over any concurrent edit, whatever their stamps.
 *
 * Sharing starts once the device has a number and has shared the accounts it already held
 * (shareExistingAccounts, from the sync round); until then local writes are not queued, and the
 * first share picks them up.
 */

export interface AccountFields {
  number: string;
  name: string | null;
  email: string | null;
  product: string;
  language: Language;
  createdAt: string;
  createdBy: string | null;
  opened: number;
  cancellation: { opened: number; at: string; reason: OptOutReason; note: string | null } | null;
  erasedAt: string | null;
  /** The suppression HMAC (hex) of the erased address, shared with the erasure. */
  erasedEmail?: string | null;
}

/** Per device, never replicated: this office device's number on its hub. */
export const DEVICE_NUMBER_KEY = 'replica.deviceNumber';
/** Set once this device has shared every account it held; from then on each write is queued as made. */
const SHARED_ACCOUNTS_KEY = 'replica.sharedAccounts';
/** Accounts shared per transaction when a device first joins, so a large customer base never holds a window still. */
const SHARE_CHUNK = 1_000;

function settingValue<T>(db: Database, key: string): T | null {
  const row = stmt<[string], { value: string }>(db, 'SELECT value FROM settings WHERE key = ?').get(key);
  return row ? (JSON.parse(row.value) as T) : null;
}

export function deviceNumber(db: Database): number | null {
  return settingValue<number>(db, DEVICE_NUMBER_KEY);
}

/** Keeps the number the hub gave this device (a device enrolled again gets a new one). */
export function setDeviceNumber(db: Database, n: number | null | undefined): void {
  if (n === undefined || n === null || n === deviceNumber(db)) return;
  stmt(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(DEVICE_NUMBER_KEY, JSON.stringify(n));
}

/** Connections inside readingSharedOnce, with the answer read at its start. */
const sharedRead = new WeakMap<Database, boolean>();

/** Whether this device queues its account and consent changes as it makes them (it has shared what it held). */
export const accountsShared = (db: Database): boolean => sharedRead.get(db) ?? settingValue<boolean>(db, SHARED_ACCOUNTS_KEY) === true;

/**
 * Runs `write` with accountsShared(db) read once instead of per row: for a bulk write (an import)
 * that records thousands of events in one transaction. Call inside that transaction, which holds
 * the write lock, and only around code that does not share the accounts itself.
 */
export function readingSharedOnce<T>(db: Database, write: () => T): T {
  if (!db.inTransaction) throw new Error('readingSharedOnce needs the caller\'s write transaction');
  sharedRead.set(db, accountsShared(db));
  try {
    return write();
  } finally {
    sharedRead.delete(db);
  }
}

/** The number for a new account with local id `id`: prefixed once the device has a hub number. */
export function newAccountNumber(db: Database, id: number): string {
  const n = deviceNumber(db);
  return n === null ? String(id) : `${n}-${id}`;
}

/** The status the merged fields give: erasure and cancellation win over any concurrent edit. */
export function accountStatus(f: Pick<AccountFields, 'opened' | 'cancellation' | 'erasedAt'>): AccountStatus {
  if (f.erasedAt !== null) return 'erased';
  if (f.cancellation !== null && f.cancellation.opened >= f.opened) return 'cancelled';
  return 'active';
}

interface LocalAccount {
  id: number;
  /** Null only on rows written outside insertAccount (given one when shared). */
  gid: string | null;
  number: string | null;
  name: string | null;
  email: string | null;
  product: string;
  language: Language;
  created_at: string;
  created_by_gid: string | null;
  erased_at: string | null;
  status: AccountStatus;
  opened: number;
  cancelled_at: string | null;
  cancel_reason: OptOutReason | null;
  cancel_note: string | null;
}

const LOCAL = `SELECT a.id, a.gid, a.number, a.name, a.email, p.name AS product, a.language, a.created_at, st.gid AS created_by_gid, a.erased_at,
                      s.status, s.opened, s.cancelled_at, s.cancel_reason, s.cancel_note
                 FROM accounts a JOIN account_state s ON s.account_id = a.id JOIN products p ON p.id = a.product_id LEFT JOIN staff st ON st.id = a.created_by`;

const localById = (db: Database, id: number) => stmt<[number], LocalAccount>(db, `${LOCAL} WHERE a.id = ?`).get(id);

/** An account this device shares; every such row has a gid (insertAccount, shareExistingAccounts). */
function sharedAccount(db: Database, id: number): LocalAccount & { gid: string } {
  const a = localById(db, id);
  if (!a || a.gid === null) throw new Error(`account ${id} is not a shared account`);
  return a as LocalAccount & { gid: string };
}

function mergedOf(db: Database, gid: string): Partial<AccountFields> {
  const f = mergedFields(db, 'accounts', gid);
  return Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.value])) as Partial<AccountFields>;
}

function share(db: Database, gid: string, values: Partial<AccountFields>, at: string, stamp?: string): string | null {
  const fields: FieldValues = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) fields[k] = v as FieldValues[string];
  return recordLocalChange(db, 'accounts', gid, fields, Date.parse(at), stamp);
}

function wholeRecord(a: LocalAccount): AccountFields {
  const opened = a.opened;
  return {
    number: a.number ?? String(a.id),
    name: a.erased_at !== null ? null : a.name,
    email: a.erased_at !== null ? null : a.email,
    product: a.product,
    language: a.language,
    createdAt: a.created_at,
    createdBy: a.created_by_gid,
    opened,
    cancellation: a.status === 'cancelled' && a.cancelled_at && a.cancel_reason ? { opened, at: a.cancelled_at, reason: a.cancel_reason, note: a.cancel_note } : null,
    erasedAt: a.erased_at,
  };
}

/** Queues a new account made here. Call in the registration transaction, after the row is written. */
export function shareNewAccount(db: Database, id: number, at: string): void {
  if (!accountsShared(db)) return;
  const a = sharedAccount(db, id);
  share(db, a.gid, wholeRecord(a), at);
}

/** Queues a reopening (reopenAccount has counted the new opening), which outranks the cancellation this device has seen. */
export function shareReopen(db: Database, id: number, at: string): void {
  if (!accountsShared(db)) return;
  const a = sharedAccount(db, id);
  share(db, a.gid, { name: a.name, email: a.email, product: a.product, language: a.language, opened: a.opened }, at);
}

/** Queues a cancellation of the opening this device knows. */
export function shareCancellation(db: Database, id: number, at: string, reason: OptOutReason, note: string | null): void {
  if (!accountsShared(db)) return;
  const a = sharedAccount(db, id);
  share(db, a.gid, { cancellation: { opened: a.opened, at, reason, note } }, at);
}

/**
 * Drops this device's queued and sent changes of one record of an erased account: they are the
 * only copies of its personal data in the outbox. Nothing is lost by it: the erasure change carries every
 * field with a later stamp, so each of them would lose anyway.
 */
function dropOutboxOf(db: Database, table: 'accounts' | 'consent', gid: string, keep: string | null): void {
  const prefix = JSON.stringify({ table, recordId: gid }).slice(0, -1);
  stmt(db, "DELETE FROM sync_outbox WHERE kind = 'record' AND substr(payload, 1, ?) = ? AND id IS NOT ?").run(prefix.length, prefix, keep);
}

/**
 * Queues an erasure: the whole record again, with no personal data, and the older changes dropped.
 * `erasedEmail`: the suppression HMAC (hex) of the erased address, so the hub erases the person's
 * registrations and leads made on devices that never held this account.
 */
export function shareErasure(db: Database, id: number, at: string, arriving?: ReadonlySet<string>, erasedEmail?: string | null): void {
  if (!accountsShared(db)) return;
  const a = sharedAccount(db, id);
  const m = mergedOf(db, a.gid);
  const c = m.cancellation ?? null;
  const whole = wholeRecord({ ...a, erased_at: a.erased_at ?? at });
  const email = erasedEmail ?? m.erasedEmail ?? null;
  dropOutboxOf(db, 'accounts', a.gid, share(db, a.gid, { ...whole, cancellation: c ? { ...c, note: null } : null, ...(email !== null ? { erasedEmail: email } : {}) }, at));
  // The account's consent events go again without their notes (the only free text in them).
  for (const e of stmt<[number], { gid: string }>(db, 'SELECT gid FROM consent_events WHERE account_id = ? AND gid IS NOT NULL').all(id)) {
    const event = mergedFields(db, 'consent', e.gid).event?.value as ConsentEventFields | undefined;
    if (!event || event.note === null) continue;
    dropOutboxOf(db, 'consent', e.gid, recordLocalChange(db, 'consent', e.gid, { event: { ...event, note: null } }, Date.parse(at)));
  }
  shareJoinedErasures(db, a.gid, whole.erasedAt ?? at, Date.parse(at), arriving);
  // Values from elsewhere with later stamps than these changes are scrubbed where they are.
  scrubReplicaOf(db, id, a.gid, whole.erasedAt ?? at);
}

/**
 * Shares, once, every account this device held before it shared accounts, renumbering bare numbers
 * unless this is device 1. In chunks, each its own transaction; returns false while the device has
 * no number yet (nothing is shared then). Each record keeps the time it was made as its stamp.
 */
export function shareExistingAccounts(db: Database, now: Date): boolean {
  if (accountsShared(db)) return true;
  const n = deviceNumber(db);
  if (n === null) return false;
  const at = now.toISOString();
  for (let guard = 0; guard < 1_000_000; guard++) {
    const done = db
      .transaction(() => {
        const ids = stmt<[number], { id: number }>(
          db,
          "SELECT a.id FROM accounts a JOIN account_state s ON s.account_id = a.id WHERE a.gid IS NULL OR NOT EXISTS (SELECT 1 FROM replica_fields r WHERE r.tbl = 'accounts' AND r.record_id = a.gid) ORDER BY a.id LIMIT ?",
        ).all(SHARE_CHUNK);
        for (const { id } of ids) {
          const a = localById(db, id);
          if (!a) continue;
          const gid = a.gid ?? uuidV7(Date.parse(a.created_at) || 0);
          if (a.gid === null) stmt(db, 'UPDATE accounts SET gid = ? WHERE id = ?').run(gid, id);
          if (n !== 1 && (a.number === null || !a.number.includes('-'))) {
            a.number = `${n}-${id}`;
            stmt(db, 'UPDATE accounts SET number = ? WHERE id = ?').run(a.number, id);
          }
          share(db, gid, wholeRecord(a), at, formatHlc({ wall: Math.min(Date.parse(a.created_at) || 0, now.getTime()), counter: 0 }));
          shareExistingConsent(db, id, now.getTime());
        }
        if (ids.length < SHARE_CHUNK) stmt(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(SHARED_ACCOUNTS_KEY, 'true');
        return ids.length < SHARE_CHUNK;
      })
      .immediate();
    if (done) return true;
  }
  return false;
}

function productId(db: Database, name: string, at: string): number {
  return findProductByName(db, name)?.id ?? insertProduct(db, name, at);
}

const staffIdOf = (db: Database, gid: string | null | undefined): number | null =>
  gid ? (stmt<[string], { id: number }>(db, 'SELECT id FROM staff WHERE gid = ?').get(gid)?.id ?? null) : null;

/**
 * `loser` joins `winner` (`winner.id` is its local row): recorded and audited once per device, and
 * the loser's waiting consent events land on the winner.
 */
function mergeAccounts(db: Database, loser: { gid: string; number: string }, winner: { id: number; gid: string; number: string }, at: string): void {
  if (!recordMerge(db, loser.gid, winner.gid, loser.number, at)) return;
  appendAudit(db, at, {
    actorId: null,
    actorName: 'sync',
    action: 'customers.merge',
    subjectType: 'account',
    subjectId: winner.id,
    details: { kept: winner.number, merged: loser.number, keptGid: winner.gid, mergedGid: loser.gid },
  });
  projectPendingConsent(db, loser.gid);
}

/**
 * Writes the account row of `gid` and its state from the merged fields. Call inside a transaction.
 *
 * The same address registered on two devices while offline becomes one account: the earlier
 * registration (createdAt, then gid) keeps its number and details, and the later one joins it
 * (mergeAccounts). When the later one is the row this device holds, that row becomes the earlier
 * account, keeping its local id, so its consent events, notes and billing stay with it. Changes to a
 * merged-away account are not projected. `arriving`: the accounts whose erasure is in the feed page
 * being applied (shareJoinedErasures).
 */
export function projectAccount(db: Database, gid: string, at: string, arriving?: ReadonlySet<string>): void {
  const f = mergedOf(db, gid);
  if (isMergedAway(db, gid)) {
    // The person erased on a device that had not yet seen the merge: the account it joined is theirs too.
    if (f.erasedAt) eraseJoinedAccount(db, gid, f.erasedAt, at, arriving, f.erasedEmail ?? null);
    return;
  }
  const status = accountStatus({ opened: f.opened ?? 1, cancellation: f.cancellation ?? null, erasedAt: f.erasedAt ?? null });
  let local = stmt<[string], { id: number; status: AccountStatus; email_norm: string | null; erased_at: string | null }>(
    db,
    'SELECT a.id, s.status, a.email_norm, a.erased_at FROM accounts a JOIN account_state s ON s.account_id = a.id WHERE a.gid = ?',
  ).get(gid);
  if (local?.status === 'erased') {
    // A change made elsewhere before that device saw the erasure: whatever its stamp, it brings nothing back.
    scrubReplicaOf(db, local.id, gid, local.erased_at ?? f.erasedAt ?? at);
    return;
  }
  const erased = status === 'erased';
  const emailNorm = erased || !f.email ? null : normaliseEmail(f.email);
  if (emailNorm !== null && emailNorm !== local?.email_norm) {
    const holder = stmt<[string], { id: number; gid: string | null; number: string | null; created_at: string; status: AccountStatus }>(
      db,
      'SELECT a.id, a.gid, a.number, a.created_at, s.status FROM accounts a JOIN account_state s ON s.account_id = a.id WHERE a.email_norm = ?',
    ).get(emailNorm);
    if (holder && holder.gid !== gid) {
      // An address change that meets another account, or a record not yet complete: left as it is.
      if (local || holder.gid === null || f.createdAt === undefined || f.number === undefined) return;
      const holderNumber = holder.number ?? String(holder.id);
      const incomingFirst = f.createdAt < holder.created_at || (f.createdAt === holder.created_at && gid < holder.gid);
      if (!incomingFirst) {
        mergeAccounts(db, { gid, number: f.number }, { id: holder.id, gid: holder.gid, number: holderNumber }, at);
        refreshLists(db, holder.id);
        return;
      }
      stmt(db, 'UPDATE accounts SET gid = ?, number = ? WHERE id = ?').run(gid, f.number, holder.id);
      mergeAccounts(db, { gid: holder.gid, number: holderNumber }, { id: holder.id, gid, number: f.number }, at);
      // The earlier registration's device sends its registration mail; this one's, not yet sent, is not sent at all.
      withdrawMailOf(db, holder.id, 'account_merged', at);
      projectPendingConsent(db, gid);
      local = { id: holder.id, status: holder.status, email_norm: emailNorm, erased_at: null };
    }
  }
  const c = status === 'cancelled' ? f.cancellation! : null;
  let id: number;
  if (!local) {
    if (f.number === undefined || f.product === undefined || f.language === undefined || f.createdAt === undefined) return;
    if (!erased && (!f.name || !f.email)) return;
    if (stmt<[string], { id: number }>(db, 'SELECT id FROM accounts WHERE number = ?').get(f.number)) return;
    id = Number(
      stmt(
        db,
        'INSERT INTO accounts (gid, number, name, email, email_norm, product_id, language, created_at, created_by, erased_at) VALUES (?,?,?,?,?,?,?,?,?,?)',
      ).run(gid, f.number, erased ? null : f.name, erased ? null : f.email, emailNorm, productId(db, f.product, at), f.language, f.createdAt, staffIdOf(db, f.createdBy), f.erasedAt ?? null)
        .lastInsertRowid,
    );
    stmt(db, 'INSERT INTO account_state (account_id, status, opened, lists, cancelled_at, cancel_reason, cancel_note) VALUES (?,?,?,0,?,?,?)').run(
      id,
      status,
      f.opened ?? 1,
      c?.at ?? null,
      c?.reason ?? null,
      c?.note ?? null,
    );
    projectPendingConsent(db, gid);
    if (erased) scrubReplicaOf(db, id, gid, f.erasedAt ?? at);
    return;
  }
  id = local.id;
  stmt(db, 'UPDATE account_state SET opened = ? WHERE account_id = ?').run(f.opened ?? 1, id);
  if (erased) {
    eraseReplicatedAccount(db, id, gid, f.erasedAt ?? at, at, arriving);
    return;
  }
  stmt(
    db,
    'UPDATE accounts SET name = coalesce(?, name), email = coalesce(?, email), email_norm = coalesce(?, email_norm), product_id = coalesce(?, product_id), language = coalesce(?, language) WHERE id = ?',
  ).run(f.name ?? null, f.email ?? null, emailNorm, f.product === undefined ? null : productId(db, f.product, at), f.language ?? null, id);
  if (c) {
    stmt(db, "UPDATE account_state SET status = 'cancelled', lists = 0, cancelled_at = ?, cancel_reason = ?, cancel_note = ? WHERE account_id = ?").run(c.at, c.reason, c.note, id);
    if (local.status !== 'cancelled') withdrawMailOf(db, id, 'account_cancelled', at);
  } else {
    stmt(db, "UPDATE account_state SET status = 'active', cancelled_at = NULL, cancel_reason = NULL, cancel_note = NULL WHERE account_id = ?").run(id);
    refreshLists(db, id);
  }
}

/**
 * An erasure of an account that joined another here: the kept account is erased here as well, and
 * the erasure shared for it, so devices that hold the kept account without the merge erase it too.
 */
function eraseJoinedAccount(db: Database, gid: string, erasedAt: string, at: string, arriving: ReadonlySet<string> | undefined, erasedEmail: string | null): void {
  scrubReplicaOf(db, null, gid, erasedAt);
  const keptGid = resolveAccountGid(db, gid);
  const kept = stmt<[string], { id: number; status: AccountStatus }>(db, 'SELECT a.id, s.status FROM accounts a JOIN account_state s ON s.account_id = a.id WHERE a.gid = ?').get(keptGid);
  if (!kept || kept.status === 'erased') return;
  eraseReplicatedAccount(db, kept.id, keptGid, erasedAt, at, arriving);
  shareErasure(db, kept.id, at, arriving, erasedEmail);
}
