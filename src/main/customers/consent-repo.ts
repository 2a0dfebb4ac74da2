import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { ConsentEventView, ListState } from '../../shared/contract/customers';
import { LISTS, type ConsentMethod, type MailingList, type OptOutReason } from '../../shared/customers-lists';

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

const stmts = new WeakMap<Database, { insert: Statement; upsert: Statement; state: Statement }>();
function prepared(db: Database) {
  let s = stmts.get(db);
  if (!s) {
    s = {
      insert: db.prepare(
        `INSERT INTO consent_events (account_id, list, action, method, reason, cause, note, notice_id, notice_version, notice_hash, requested_on, recorded_at, staff_id, device, import_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      upsert: db.prepare(
        `INSERT INTO list_state (account_id, list, subscribed, event_id) VALUES (?, ?, ?, ?)
         ON CONFLICT (account_id, list) DO UPDATE SET subscribed = excluded.subscribed, event_id = excluded.event_id`,
      ),
      state: db.prepare('SELECT subscribed FROM list_state WHERE account_id = ? AND list = ?'),
    };
    stmts.set(db, s);
  }
  return s;
}

/**
 * Records one consent event and moves the cached list state to it. Call inside the caller's
 * transaction: the event and the state commit together or not at all.
 */
export function recordConsent(db: Database, e: NewConsentEvent): number {
  if (e.action === 'subscribe' && !e.notice) throw new Error('a subscription must cite the notice the person agreed to');
  const s = prepared(db);
  const id = Number(
    s.insert.run(
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
    ).lastInsertRowid,
  );
  s.upsert.run(e.accountId, e.list, e.action === 'subscribe' ? 1 : 0, id);
  return id;
}

export function isSubscribed(db: Database, accountId: number, list: MailingList): boolean {
  const r = prepared(db).state.get(accountId, list) as { subscribed: 0 | 1 } | undefined;
  return r?.subscribed === 1;
}

export function listStates(db: Database, accountId: number): ListState[] {
  const rows = db
    .prepare('SELECT s.list, s.subscribed, e.recorded_at FROM list_state s JOIN consent_events e ON e.id = s.event_id WHERE s.account_id = ?')
    .all(accountId) as { list: MailingList; subscribed: 0 | 1; recorded_at: string }[];
  const byList = new Map(rows.map((r) => [r.list, r]));
  return LISTS.map((list) => {
    const r = byList.get(list);
    return { list, subscribed: r?.subscribed === 1, since: r?.recorded_at ?? null };
  });
}

/**
 * The list state folded from the events alone (the source of truth), ignoring the cache. Used to
 * check the cache and by anything that must not trust it.
 */
export function deriveListStates(db: Database, accountId: number): Record<MailingList, boolean> {
  const out = { technical_advisories: false, call_detail_reports: false, email_marketing: false } as Record<MailingList, boolean>;
  const rows = db
    .prepare('SELECT list, action FROM consent_events WHERE account_id = ? ORDER BY id')
    .all(accountId) as { list: MailingList; action: 'subscribe' | 'unsubscribe' }[];
  for (const r of rows) out[r.list] = r.action === 'subscribe';
  return out;
}

/** Account ids whose cached list state disagrees with their events; empty when all is consistent. */
export function listStateMismatches(db: Database): number[] {
  return (
    db
      .prepare(
        `WITH newest AS (SELECT account_id, list, max(id) AS event_id FROM consent_events GROUP BY account_id, list)
         SELECT DISTINCT n.account_id AS id FROM newest n
           JOIN consent_events e ON e.id = n.event_id
           LEFT JOIN list_state s ON s.account_id = n.account_id AND s.list = n.list
          WHERE s.event_id IS NOT n.event_id OR s.subscribed <> (e.action = 'subscribe')
         UNION
         SELECT s.account_id FROM list_state s
          WHERE NOT EXISTS (SELECT 1 FROM consent_events e WHERE e.account_id = s.account_id AND e.list = s.list)
         ORDER BY 1`,
      )
      .all() as { id: number }[]
  ).map((r) => r.id);
}

export function consentHistory(db: Database, accountId: number): ConsentEventView[] {
  const rows = db
    .prepare(
      `SELECT e.*, st.display_name AS staff_name FROM consent_events e LEFT JOIN staff st ON st.id = e.staff_id
        WHERE e.account_id = ? ORDER BY e.id`,
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
    notice: r.notice_id && r.notice_version && r.notice_hash ? { id: r.notice_id, version: r.notice_version, hash: r.notice_hash } : null,
    requestedOn: r.requested_on,
    recordedAt: r.recorded_at,
    staff: r.staff_id !== null ? { id: r.staff_id, name: r.staff_name ?? `Staff #${r.staff_id}` } : null,
    device: r.device,
    importId: r.import_id,
  }));
}
