import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { z } from 'zod';
import { formatHlc, parseHlc, type Hlc } from '../../shared/hlc';
import { LIST_BIT, type MailingList } from '../../shared/customers-lists';
import type { REPLICA_FIELDS } from '../../shared/sync/protocol';
import { uuidV7 } from '../../shared/uuid7';
import { stmt } from '../db/statements';
import { resolveAccountGid } from './merges';
import { scrubReplicaRecord } from './erasure';
import { mergedFields, nextStamp, observeStamps, recordLocalChange, replicaNode } from './records';


/** The notice a consent event cites, from its three columns (all set, or none). */
export const noticeCited = (r: { notice_id: string | null; notice_version: string | null; notice_hash: string | null }) =>
  r.notice_id && r.notice_version && r.notice_hash ? { id: r.notice_id, version: r.notice_version, hash: r.notice_hash } : null;
/**
 * The consent ledger as replicated records (table 'consent', record id = consent_events.gid). The
 * ledger is append-only: each event travels once, whole, in one field, and is never merged with
 * another. Every device orders an account's events by the stamp they were recorded with, then the
 * recording device, then the event id (ledgerOrder), and derives each list's state from the newest
 * event of that list among those recorded in the account's current opening (account_state.opened);
 * an account that is not active is on no list. So a cancellation wins over a consent taken
 * concurrently elsewhere: that consent belongs to the opening the cancellation closed.
 * account_state.lists caches that state; it is recomputed whenever an event arrives from elsewhere.
 */

export type ConsentEventFields = z.output<(typeof REPLICA_FIELDS)['consent']['event']>;

/**
 * The ledger's total order over consent_events as an SQL ORDER BY list: oldest first, or newest
 * first with `desc`; `alias` qualifies the columns. Events never shared have no stamp and come first, by id.
 */
export function ledgerOrder(alias = '', desc = false): string {
  const p = alias ? `${alias}.` : '';
  const d = desc ? ' DESC' : '';
  return `coalesce(${p}hlc, '')${d}, coalesce(${p}node, '')${d}, coalesce(${p}gid, '')${d}, ${p}id${d}`;
}

interface EventRow {
  id: number;
  gid: string | null;
  account_gid: string | null;
  list: MailingList;
  action: 'subscribe' | 'unsubscribe';
  method: ConsentEventFields['method'];
  reason: ConsentEventFields['reason'];
  cause: ConsentEventFields['cause'];
  note: string | null;
  notice_id: string | null;
  notice_version: string | null;
  notice_hash: string | null;
  requested_on: string;
  recorded_at: string;
  staff_gid: string | null;
  device: string;
  opened: number;
}

/**
 * Stamps a consent event recorded here and queues it. `stamp` is the clock's next one unless given
 * (events held before joining keep their recording time). Call in the transaction that wrote it.
 */
export function shareConsentEvent(db: Database, eventId: number, nowMs: number, stamp?: string): void {
  const r = stmt<[number], EventRow>(
    db,
    `SELECT e.id, e.gid, a.gid AS account_gid, e.list, e.action, e.method, e.reason, e.cause, e.note, e.notice_id, e.notice_version, e.notice_hash,
            e.requested_on, e.recorded_at, st.gid AS staff_gid, e.device, coalesce(e.opened, s.opened) AS opened
       FROM consent_events e JOIN accounts a ON a.id = e.account_id JOIN account_state s ON s.account_id = e.account_id LEFT JOIN staff st ON st.id = e.staff_id WHERE e.id = ?`,
  ).get(eventId);
  if (!r) throw new Error(`no consent event ${eventId}`);
  if (r.account_gid === null) return;
  const hlc = stamp ?? nextStamp(db, nowMs);
  const node = replicaNode(db);
  const gid = r.gid ?? uuidV7(Date.parse(r.recorded_at) || nowMs);
  stmt(db, 'UPDATE consent_events SET gid = ?, hlc = ?, node = ? WHERE id = ?').run(gid, hlc, node, eventId);
  const event: ConsentEventFields = {
    account: r.account_gid,
    list: r.list,
    action: r.action,
    method: r.method,
    reason: r.reason,
    cause: r.cause,
    note: r.note,
    notice: noticeCited(r),
    requestedOn: r.requested_on,
    recordedAt: r.recorded_at,
    staff: r.staff_gid,
    device: r.device,
    hlc,
    node,
    opened: r.opened,
  };
  recordLocalChange(db, 'consent', gid, { event }, nowMs, hlc);
}

/**
 * Shares the events of one account that were recorded before this device shared accounts, in id
 * order, each stamped with its recording time (later than the one before it), and moves this
 * device's clock past them.
 */
export function shareExistingConsent(db: Database, accountId: number, nowMs: number): void {
  const rows = stmt<[number], { id: number; recorded_at: string }>(db, 'SELECT id, recorded_at FROM consent_events WHERE account_id = ? AND gid IS NULL ORDER BY id').all(accountId);
  let last: Hlc | null = null;
  for (const r of rows) {
    const wall = Math.min(Date.parse(r.recorded_at) || 0, nowMs);
    const h: Hlc = last === null || wall > last.wall ? { wall, counter: 0 } : { wall: last.wall, counter: last.counter + 1 };
    shareConsentEvent(db, r.id, nowMs, formatHlc(h));
    last = h;
  }
  if (last) observeStamps(db, [formatHlc(last)], nowMs);
}

/** SQL condition on an (unaliased) consent_events row: recorded in its account's current opening. */
export const CURRENT_OPENING = '(opened IS NULL OR opened >= (SELECT s.opened FROM account_state s WHERE s.account_id = consent_events.account_id))';

const staffIdOf = (db: Database, gid: string | null): number | null =>
  gid ? (stmt<[string], { id: number }>(db, 'SELECT id FROM staff WHERE gid = ?').get(gid)?.id ?? null) : null;

/** Accounts whose lists wait to be refreshed at the end of withListsRefreshedOnce, per store. */
const deferredLists = new WeakMap<Database, Set<number>>();

/**
 * Sets account_state.lists from the ledger: the newest event per list in the current opening,
 * nothing for an account that is not active. Inside withListsRefreshedOnce, done at its end.
 */
export function refreshLists(db: Database, accountId: number): void {
  const waiting = deferredLists.get(db);
  if (waiting) waiting.add(accountId);
  else refreshListsNow(db, accountId);
}

/**
 * Runs `fn` (inside a transaction) refreshing each account's lists once at its end, however many of
 * its events and changes `fn` projects. The lists are a function of the account's state and ledger
 * alone, and nothing `fn` does reads them, so the result is the same as refreshing after each.
 */
export function withListsRefreshedOnce<T>(db: Database, fn: () => T): T {
  if (deferredLists.has(db)) return fn();
  const waiting = new Set<number>();
  deferredLists.set(db, waiting);
  try {
    const out = fn();
    deferredLists.delete(db);
    for (const id of waiting) refreshListsNow(db, id);
    return out;
  } finally {
    deferredLists.delete(db);
  }
}

function refreshListsNow(db: Database, accountId: number): void {
  const st = stmt<[number], { status: string }>(db, 'SELECT status FROM account_state WHERE account_id = ?').get(accountId);
  if (!st) return;
  let lists = 0;
  if (st.status === 'active') {
    for (const e of stmt<[number], { list: MailingList; action: string }>(db, `SELECT list, action FROM consent_events WHERE account_id = ? AND ${CURRENT_OPENING} ORDER BY ${ledgerOrder()}`).all(accountId)) {
      lists = e.action === 'subscribe' ? lists | LIST_BIT[e.list] : lists & ~LIST_BIT[e.list];
    }
  }
  stmt(db, 'UPDATE account_state SET lists = ? WHERE account_id = ? AND lists <> ?').run(lists, accountId, lists);
}

/**
 * Writes a received consent event into consent_events and recomputes its account's lists. Call
 * inside a transaction. An event whose account is not here yet waits in consent_pending.
 */
export function projectConsent(db: Database, gid: string): void {
  const e = mergedFields(db, 'consent', gid).event?.value as ConsentEventFields | undefined;
  if (!e) return;
  const have = stmt<[string], { id: number; account_id: number }>(db, 'SELECT id, account_id FROM consent_events WHERE gid = ?').get(gid);
  if (have) {
    // Only an erasure writes an event again, without its note; an erased account's events keep none.
    const erasedAt = erasedAtOf(db, have.account_id);
    if (erasedAt !== null) scrubReplicaRecord(db, 'consent', gid, erasedAt);
    const note = erasedAt !== null ? null : e.note;
    stmt(db, 'UPDATE consent_events SET note = ? WHERE id = ? AND note IS NOT ?').run(note, have.id, note);
    return;
  }
  // An event of an account merged into another joins the kept account.
  const account = stmt<[string], { id: number; status: string }>(db, 'SELECT a.id, s.status FROM accounts a JOIN account_state s ON s.account_id = a.id WHERE a.gid = ?').get(
    resolveAccountGid(db, e.account),
  );
  if (!account) {
    stmt(db, 'INSERT OR IGNORE INTO consent_pending (event_gid, account_gid) VALUES (?, ?)').run(gid, e.account);
    return;
  }
  stmt(
    db,
    `INSERT INTO consent_events (gid, hlc, node, account_id, list, action, method, reason, cause, note, notice_id, notice_version, notice_hash, requested_on, recorded_at, staff_id, device, opened)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  ).run(
    gid,
    formatHlc(parseHlc(e.hlc)),
    e.node.toLowerCase(),
    account.id,
    e.list,
    e.action,
    e.method,
    e.reason,
    e.cause,
    account.status === 'erased' ? null : e.note,
    e.notice?.id ?? null,
    e.notice?.version ?? null,
    e.notice?.hash ?? null,
    e.requestedOn,
    e.recordedAt,
    staffIdOf(db, e.staff),
    e.device,
    e.opened,
  );
  if (account.status === 'erased') scrubReplicaRecord(db, 'consent', gid, erasedAtOf(db, account.id) ?? e.recordedAt);
  refreshLists(db, account.id);
}

const erasedAtOf = (db: Database, accountId: number): string | null =>
  stmt<[number], { erased_at: string | null }>(
    db,
    "SELECT CASE WHEN s.status = 'erased' THEN coalesce(a.erased_at, a.created_at) END AS erased_at FROM accounts a JOIN account_state s ON s.account_id = a.id WHERE a.id = ?",
  ).get(accountId)?.erased_at ?? null;

/** Writes the events that waited for this account. Call inside a transaction, once the account row exists. */
export function projectPendingConsent(db: Database, accountGid: string): void {
  const waiting = stmt<[string], { event_gid: string }>(db, 'SELECT event_gid FROM consent_pending WHERE account_gid = ?').all(accountGid);
  for (const w of waiting) {
    stmt(db, 'DELETE FROM consent_pending WHERE event_gid = ?').run(w.event_gid);
    projectConsent(db, w.event_gid);
  }
}
