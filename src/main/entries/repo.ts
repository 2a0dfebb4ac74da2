import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { BoothCounts } from '../../shared/contract/booth';
import type { EntryPage, EntryRow, EntrySort, EntryStats } from '../../shared/contract/entries';
import type { AnswerValue } from '../../shared/booth';
import { stmt } from '../db/statements';
import { enqueue, type OutboxKind } from '../sync/outbox';
import { ftsQuery } from '../search/fts';
import { normaliseEmail } from '../../shared/email';
import type { Language } from '../../shared/i18n';

/** Entries, their consent events and outbox rows, and the age-screen counts, in contests.db. */

export interface NewEntry {
  uuid: string;
  eventId: number;
  capturedAt: string;
  localHour: string;
  staffId: number;
  device: string;
  name: string;
  email: string;
  emailNorm: string;
  phone: string;
  phoneNorm: string;
  address: string;
  title: string;
  company: string;
  answers: Record<string, AnswerValue>;
  /** The language the entrant chose in the kiosk. */
  language: Language;
  rulesTextId: number;
  noticeTextId: number;
  marketingConsent: boolean;
  duplicateOf: string | null;
}

/** The earlier entry of this event with the same normalised email or phone, if any. */
export function findDuplicate(db: Database, eventId: number, emailNorm: string, phoneNorm: string): string | null {
  const byEmail = stmt<[number, string], { uuid: string }>(db, 'SELECT uuid FROM entries WHERE event_id = ? AND email_norm = ? ORDER BY id LIMIT 1').get(eventId, emailNorm);
  if (byEmail) return byEmail.uuid;
  if (phoneNorm === '') return null;
  const byPhone = stmt<[number, string], { uuid: string }>(
    db,
    "SELECT uuid FROM entries WHERE event_id = ? AND phone_norm = ? AND phone_norm <> '' ORDER BY id LIMIT 1",
  ).get(eventId, phoneNorm);
  return byPhone?.uuid ?? null;
}

export function insertEntry(db: Database, e: NewEntry): number {
  const r = stmt(
    db,
    `INSERT INTO entries (uuid, event_id, captured_at, local_hour, staff_id, device, name, email, email_norm, phone, phone_norm, address, title, company,
       answers, language, rules_text_id, notice_text_id, marketing_consent, duplicate_of)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  ).run(
    e.uuid,
    e.eventId,
    e.capturedAt,
    e.localHour,
    e.staffId,
    e.device,
    e.name,
    e.email,
    e.emailNorm,
    e.phone,
    e.phoneNorm,
    e.address,
    e.title,
    e.company,
    JSON.stringify(e.answers),
    e.language,
    e.rulesTextId,
    e.noticeTextId,
    e.marketingConsent ? 1 : 0,
    e.duplicateOf,
  );
  return Number(r.lastInsertRowid);
}

export function insertConsentEvent(
  db: Database,
  c: { entryId: number; granted: boolean; noticeTextId: number; noticeSha256: string; method: 'booth'; at: string; device: string; staffId: number | null },
): void {
  stmt(
    db,
    "INSERT INTO entry_consent_events (entry_id, purpose, granted, notice_text_id, notice_sha256, method, at, device, staff_id) VALUES (?, 'marketing', ?,?,?,?,?,?,?)",
  ).run(c.entryId, c.granted ? 1 : 0, c.noticeTextId, c.noticeSha256, c.method, c.at, c.device, c.staffId);
}

/** The entry's sync outbox row; `id` is the entry's permanent UUID. */
export function insertOutbox(db: Database, id: string, kind: OutboxKind, payload: unknown, createdAt: string): void {
  enqueue(db, kind, payload, createdAt, id);
}

export function countAgeRefusal(db: Database, eventId: number): void {
  stmt(db, 'INSERT INTO age_refusals (event_id, count) VALUES (?, 1) ON CONFLICT(event_id) DO UPDATE SET count = count + 1').run(eventId);
}

export function ageRefusals(db: Database, eventId: number): number {
  return stmt<[number], { count: number }>(db, 'SELECT count FROM age_refusals WHERE event_id = ?').get(eventId)?.count ?? 0;
}

export function boothCounts(db: Database, eventId: number, today: string): BoothCounts {
  // Each count from an index alone. Without INDEXED BY the planner counts the flagged repeats on
  // entries_event and reads every entry's row (0.3 s at a million); the partial index holds only them.
  // The total still passes over the event's whole index (about 35 ms at a million): the kiosk's call
  // runs in the query worker (booth/jobs.ts).
  const total = stmt<[number], { n: number }>(db, 'SELECT count(*) AS n FROM entries WHERE event_id = ?').get(eventId)!.n;
  const todayCount = stmt<[number, string, string], { n: number }>(db, 'SELECT count(*) AS n FROM entries WHERE event_id = ? AND local_hour >= ? AND local_hour < ?').get(
    eventId,
    `${today} 00`,
    `${today} 99`,
  )!.n;
  const flagged = stmt<[number], { n: number }>(db, 'SELECT count(*) AS n FROM entries INDEXED BY entries_flagged WHERE event_id = ? AND duplicate_of IS NOT NULL').get(eventId)!.n;
  return { eventId, total, today: todayCount, flaggedDuplicates: flagged, notEligible: ageRefusals(db, eventId) };
}

// ---------------------------------------------------------------------------------------------
// Manager views

interface EntryDbRow {
  id: number;
  uuid: string;
  event_id: number;
  captured_at: string;
  name: string;
  email: string;
  phone: string;
  title: string;
  company: string;
  address: string;
  device: string;
  answers: string;
  language: Language;
  rules_text_id: number;
  notice_text_id: number;
  marketing_consent: 0 | 1;
  duplicate_of: string | null;
}

const toRow = (r: EntryDbRow): EntryRow => ({
  id: r.uuid,
  capturedAt: r.captured_at,
  name: r.name,
  email: r.email,
  phone: r.phone,
  title: r.title,
  company: r.company,
  marketingConsent: r.marketing_consent === 1,
  duplicateOf: r.duplicate_of,
});

/**
 * A search counts its matches up to this many past the page's start, and says whether there are
 * more: counting every hit of a common name costs more than the page itself.
 */
export const ENTRY_SEARCH_COUNT_AHEAD = 250;

/** Each order with the entry's row id as the last key, so equal names or emails page stably. */
function entryOrder(sort: EntrySort): string {
  switch (sort) {
    case 'created_desc':
      return 'e.id DESC';
    case 'created_asc':
      return 'e.id ASC';
    case 'name_asc':
      return 'e.name COLLATE NOCASE ASC, e.id ASC';
    case 'name_desc':
      return 'e.name COLLATE NOCASE DESC, e.id DESC';
    case 'email_asc':
      return 'e.email_norm ASC, e.id ASC';
    case 'email_desc':
      return 'e.email_norm DESC, e.id DESC';
  }
}

export function listEntries(
  db: Database,
  q: { eventId: number; search: string; duplicates: 'all' | 'flagged'; consent: 'all' | 'given' | 'not_given'; limit: number; offset: number; sort: EntrySort },
): EntryPage {
  const { sort } = q;
  const where = ['e.event_id = ?'];
  const params: unknown[] = [q.eventId];
  if (q.duplicates === 'flagged') where.push('e.duplicate_of IS NOT NULL');
  if (q.consent === 'given') where.push('e.marketing_consent = 1');
  if (q.consent === 'not_given') where.push('e.marketing_consent = 0');
  const match = q.search ? ftsQuery(q.search, ['name', 'email_norm', 'company'], 'phone_norm') : null;
  if (match) {
    // Indexed search (case and diacritics folded). The index drives (CROSS JOIN keeps the planner
    // from starting at the event's entries) and hands rows over newest first, so a common name
    // stops at the page. Written as a subquery, the ORDER BY was flattened away and the page came
    // out oldest first. Another order sorts every match before taking the page.
    const from = `FROM entries_fts f CROSS JOIN entries e ON e.id = f.rowid WHERE entries_fts MATCH ? AND ${where.join(' AND ')}`;
    const rows = stmt<unknown[], EntryDbRow>(db, `SELECT e.* ${from} ORDER BY ${sort === 'created_desc' ? 'f.rowid DESC' : entryOrder(sort)} LIMIT ? OFFSET ?`).all(match, ...params, q.limit, q.offset);
    // A first page that is not full is the whole result. Otherwise count in the index's own order
    // (reading a doclist backwards costs more).
    if (q.offset === 0 && rows.length < q.limit) return { total: rows.length, more: false, rows: rows.map(toRow) };
    return { ...countUpTo(db, `SELECT 1 ${from}`, [match, ...params], q.offset + ENTRY_SEARCH_COUNT_AHEAD), rows: rows.map(toRow) };
  }
  if (q.search) {
    // Shorter than the index can search (one or two characters): the start of the email, from the
    // (event, email) index. A substring scan here would read every entry of the event.
    const prefix = normaliseEmail(q.search);
    where.push('e.email_norm >= ? AND e.email_norm < ?');
    params.push(prefix, `${prefix}\u{10ffff}`);
  }
  // Flagged repeats are few and only they are in entries_flagged; without the hint the planner
  // walks the event's whole (event_id) index looking for them.
  const from = `FROM entries e${q.duplicates === 'flagged' ? ' INDEXED BY entries_flagged' : ''} WHERE ${where.join(' AND ')}`;
  const counted = q.search
    ? countUpTo(db, `SELECT 1 ${from}`, params, q.offset + ENTRY_SEARCH_COUNT_AHEAD)
    : { total: stmt<unknown[], { n: number }>(db, `SELECT count(*) AS n ${from}`).get(...params)!.n, more: false };
  const rows = stmt<unknown[], EntryDbRow>(db, `SELECT e.* ${from} ORDER BY ${entryOrder(sort)} LIMIT ? OFFSET ?`).all(...params, q.limit, q.offset);
  return { ...counted, rows: rows.map(toRow) };
}

/** How many rows `select` gives, counted no further than `cap`; `more` when it gives more than that. */
function countUpTo(db: Database, select: string, params: unknown[], cap: number): { total: number; more: boolean } {
  const n = stmt<unknown[], { n: number }>(db, `SELECT count(*) AS n FROM (${select} LIMIT ?)`).get(...params, cap + 1)!.n;
  return { total: Math.min(n, cap), more: n > cap };
}

export interface EntryRecord extends EntryRow {
  eventId: number;
  address: string;
  device: string;
  answers: Record<string, AnswerValue>;
  language: Language;
  rulesTextId: number;
  noticeTextId: number;
}

export function findEntry(db: Database, uuid: string): EntryRecord | null {
  const r = stmt<[string], EntryDbRow>(db, 'SELECT * FROM entries WHERE uuid = ?').get(uuid);
  if (!r) return null;
  return {
    ...toRow(r),
    eventId: r.event_id,
    address: r.address,
    device: r.device,
    answers: JSON.parse(r.answers) as Record<string, AnswerValue>,
    language: r.language,
    rulesTextId: r.rules_text_id,
    noticeTextId: r.notice_text_id,
  };
}

export function entryStats(db: Database, eventId: number): EntryStats {
  // Three counts, each from an index alone: one sum over the rows reads every entry of the event.
  const totals = stmt<[number, number, number], { total: number; consented: number; flagged: number }>(
    db,
    `SELECT (SELECT count(*) FROM entries WHERE event_id = ?) AS total,
            (SELECT count(*) FROM entries WHERE event_id = ? AND marketing_consent = 1) AS consented,
            (SELECT count(*) FROM entries INDEXED BY entries_flagged WHERE event_id = ? AND duplicate_of IS NOT NULL) AS flagged`,
  ).get(eventId, eventId, eventId)!;
  const hours = stmt<[number], { local_hour: string; n: number }>(db, 'SELECT local_hour, count(*) AS n FROM entries WHERE event_id = ? GROUP BY local_hour ORDER BY local_hour').all(eventId);
  const byDay = new Map<string, number>();
  const byHour = hours.map((h) => {
    const day = h.local_hour.slice(0, 10);
    byDay.set(day, (byDay.get(day) ?? 0) + h.n);
    return { day, hour: Number(h.local_hour.slice(11, 13)), count: h.n };
  });
  return {
    eventId,
    total: totals.total,
    consented: totals.consented,
    flaggedDuplicates: totals.flagged,
    notEligible: ageRefusals(db, eventId),
    byDay: [...byDay].map(([day, count]) => ({ day, count })),
    byHour,
  };
}

/** Entries with an id above `afterId`, oldest first: what the capture audit has still to record. */
export function entriesAfter(db: Database, afterId: number, limit: number): { id: number; uuid: string; event_id: number; staff_id: number; marketing_consent: 0 | 1; duplicate_of: string | null }[] {
  return stmt<[number, number], { id: number; uuid: string; event_id: number; staff_id: number; marketing_consent: 0 | 1; duplicate_of: string | null }>(
    db,
    'SELECT id, uuid, event_id, staff_id, marketing_consent, duplicate_of FROM entries WHERE id > ? ORDER BY id LIMIT ?',
  ).all(afterId, limit);
}
