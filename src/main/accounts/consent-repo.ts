import type { Database } from 'better-sqlite3-multiple-ciphers';
import { perConnection } from '../db/statements';
import type { ConsentEventView, ListState } from '../../shared/contract/customers';
import { accountsShared } from '../replica/accounts';
import { CURRENT_OPENING, ledgerOrder, noticeCited, shareConsentEvent } from '../replica/consent';
import { LIST_BIT, LISTS, type ConsentMethod, type MailingList, type OptOutReason } from '../../shared/customers-lists';

export interface NewConsentEvent {
  accountId: number;
  list: MailingList;
  action: 'subscribe' | 'unsubscribe';
  method: ConsentMethod;
  reason?: OptOutReason | null;
  cause?: ConsentEventView['cause'];
  note?: string | null;
  /** Required for 'subscribe': the notice text the person agreed to. */
  notice?: { id: string; version: string; hash: string } | null;
  requestedOn: string;
  at: string;
  staffId: number | null;
  device: string;
  importId?: number | null;
}

interface EventRow {
  id: number;
  list: MailingList;
  action: 'subscribe' | 'unsubscribe';
  method: ConsentMethod;
  reason: OptOutReason | null;
  cause: ConsentEventView['cause'];
  note: string | null;
  notice_id: string | null;
  notice_version: string | null;
  notice_hash: string | null;
  requested_on: string;
  recorded_at: string;
  staff_id: number | null;
  staff_name: string | null;
  device: string;
  import_id: number | null;
}

const prepared = perConnection((db) => ({
  insert: db.prepare(
    `INSERT INTO consent_events (account_id, list, action, method, reason, cause, note, notice_id, notice_version, notice_hash, requested_on, recorded_at, staff_id, device, import_id, opened)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT opened FROM account_state WHERE account_id = ?))`,
  ),
  setBit: db.prepare('UPDATE account_state SET lists = (lists & ~?) | ? WHERE account_id = ?'),
  lists: db.prepare('SELECT lists FROM account_state WHERE account_id = ?').pluck(),
}));

/**
 * Records one consent event and moves the cached list state to it. Call inside the caller's
 * transaction: the event and the state commit together or not at all.
 */
export function recordConsent(db: Database, e: NewConsentEvent): number {
  const id = insertConsentEvent(db, e);
  const bit = LIST_BIT[e.list];
  if (prepared(db).setBit.run(bit, e.action === 'subscribe' ? bit : 0, e.accountId).changes !== 1) throw new Error(`account ${e.accountId} has no state row`);
  return id;
}

/**
 * The event alone. The caller must set account_state.lists to match in the same transaction
 * (opt-outs do it once for all the lists a request leaves).
 */
export function insertConsentEvent(db: Database, e: NewConsentEvent): number {
  if (e.action === 'subscribe' && !e.notice) throw new Error('a subscription must cite the notice the person agreed to');
  const id = Number(
    prepared(db).insert.run(
      e.accountId,
      e.list,
      e.action,
      e.method,
      e.reason ?? null,
      e.cause ?? 'direct',
      e.note ?? null,
      e.notice?.id ?? null,
      e.notice?.version ?? null,
      e.notice?.hash ?? null,
      e.requestedOn,
      e.at,
      e.staffId,
      e.device,
      e.importId ?? null,
      e.accountId,
    ).lastInsertRowid,
  );
  if (accountsShared(db)) shareConsentEvent(db, id, Date.parse(e.at));
  return id;
}

export function isSubscribed(db: Database, accountId: number, list: MailingList): boolean {
  const lists = prepared(db).lists.get(accountId) as number | undefined;
  return lists !== undefined && (lists & LIST_BIT[list]) !== 0;
}

/** Each list's state, and since when: the time of the newest event of that list. */
export function listStates(db: Database, accountId: number): ListState[] {
  const lists = (prepared(db).lists.get(accountId) as number | undefined) ?? 0;
  const since = new Map(
    (
      db
        .prepare(
          `SELECT list, recorded_at FROM (SELECT list, recorded_at, row_number() OVER (PARTITION BY list ORDER BY ${ledgerOrder('', true)}) AS n FROM consent_events WHERE account_id = ?) WHERE n = 1`,
        )
        .all(accountId) as { list: MailingList; recorded_at: string }[]
    ).map((r) => [r.list, r.recorded_at]),
  );
  return LISTS.map((list) => ({ list, subscribed: (lists & LIST_BIT[list]) !== 0, since: since.get(list) ?? null }));
}

/**
 * The list state folded from the events alone (the source of truth), in the ledger's order, over
 * the account's current opening, ignoring the cache. Used to check the cache and by anything that
 * must not trust it.
 */
export function deriveListStates(db: Database, accountId: number): Record<MailingList, boolean> {
  const out = { technical_advisories: false, call_detail_reports: false, email_marketing: false } as Record<MailingList, boolean>;
  const rows = db
    .prepare(`SELECT list, action FROM consent_events WHERE account_id = ? AND ${CURRENT_OPENING} ORDER BY ${ledgerOrder()}`)
    .all(accountId) as { list: MailingList; action: 'subscribe' | 'unsubscribe' }[];
  for (const r of rows) out[r.list] = r.action === 'subscribe';
  return out;
}

const bitOf = (col: string) => `CASE ${col} ${LISTS.map((l) => `WHEN '${l}' THEN ${LIST_BIT[l]}`).join(' ')} END`;

/**
 * Account ids whose cached list state disagrees with their events (the newest per list of the
 * current opening in the ledger's order; none for an account that is not active); empty when all
 * is consistent.
 */
export function listStateMismatches(db: Database): number[] {
  return (
    db
      .prepare(
        `WITH ranked AS (
                SELECT e.account_id, e.list, e.action, row_number() OVER (PARTITION BY e.account_id, e.list ORDER BY ${ledgerOrder('e', true)}) AS n
                  FROM consent_events e JOIN account_state s ON s.account_id = e.account_id WHERE e.opened IS NULL OR e.opened >= s.opened),
              derived AS (
                SELECT account_id, sum(CASE WHEN action = 'subscribe' THEN ${bitOf('list')} ELSE 0 END) AS lists
                  FROM ranked WHERE n = 1 GROUP BY account_id)
         SELECT s.account_id AS id FROM account_state s LEFT JOIN derived d ON d.account_id = s.account_id
          WHERE s.lists <> CASE WHEN s.status = 'active' THEN coalesce(d.lists, 0) ELSE 0 END
         ORDER BY 1`,
      )
      .all() as { id: number }[]
  ).map((r) => r.id);
}

export function consentHistory(db: Database, accountId: number): ConsentEventView[] {
  const rows = db
    .prepare(
      `SELECT e.*, st.display_name AS staff_name FROM consent_events e LEFT JOIN staff st ON st.id = e.staff_id
        WHERE e.account_id = ? ORDER BY ${ledgerOrder('e')}`,
    )
    .all(accountId) as EventRow[];
  return rows.map((r) => ({
    id: r.id,
    list: r.list,
    action: r.action,
    method: r.method,
    reason: r.reason,
    cause: r.cause,
    note: r.note,
    notice: noticeCited(r),
    requestedOn: r.requested_on,
    recordedAt: r.recorded_at,
    staff: r.staff_id !== null ? { id: r.staff_id, name: r.staff_name ?? `Staff #${r.staff_id}` } : null,
    device: r.device,
    importId: r.import_id,
  }));
}
