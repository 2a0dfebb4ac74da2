import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { BoothCounts } from '../../shared/contract/booth';
import type { EntryRow, EntryStats } from '../../shared/contract/entries';
import type { AnswerValue } from '../../shared/booth';
import { stmt } from '../db/statements';
import { enqueue, type OutboxKind } from '../sync/outbox';
import { ftsQuery } from '../search/fts';
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
  // Each count on its own index, so the kiosk's periodic call stays cheap with 100k entries.
  const total = stmt<[number], { n: number }>(db, 'SELECT count(*) AS n FROM entries WHERE event_id = ?').get(eventId)!.n;
  const todayCount = stmt<[number, string, string], { n: number }>(db, 'SELECT count(*) AS n FROM entries WHERE event_id = ? AND local_hour >= ? AND local_hour < ?').get(
    eventId,
    `${today} 00`,
    `${today} 99`,
  )!.n;
  const flagged = stmt<[number], { n: number }>(db, 'SELECT count(*) AS n FROM entries WHERE event_id = ? AND duplicate_of IS NOT NULL').get(eventId)!.n;
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

/** LIKE with the user's text taken literally. */
const likePattern = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A search counts its matches up to this many; the list shows the number as "1000 or more". */
export const ENTRY_SEARCH_TOTAL_CAP = 1000;

export function listEntries(
  db: Database,
  q: { eventId: number; search: string; duplicates: 'all' | 'flagged'; consent: 'all' | 'given' | 'not_given'; limit: number; offset: number },
): { total: number; rows: EntryRow[] } {
  const where = ['event_id = ?'];
  const params: unknown[] = [q.eventId];
  const match = q.search ? ftsQuery(q.search, ['name', 'email_norm', 'company'], 'phone_norm') : null;
  if (match) {
    // Indexed search (case and diacritics folded), newest first as the list is, read lazily from
    // the index so a common name stops at the page; the total is counted up to ENTRY_SEARCH_TOTAL_CAP.
    if (q.duplicates === 'flagged') where.push('duplicate_of IS NOT NULL');
    if (q.consent === 'given') where.push('marketing_consent = 1');
    if (q.consent === 'not_given') where.push('marketing_consent = 0');
    const clause = where.join(' AND ');
    const hits = 'SELECT rowid AS hit FROM entries_fts WHERE entries_fts MATCH ? ORDER BY rowid DESC';
    const counted = `SELECT 1 FROM (${hits}) f JOIN entries ON entries.id = f.hit WHERE ${clause} LIMIT ${ENTRY_SEARCH_TOTAL_CAP}`;
    const total = (db.prepare(`SELECT count(*) AS n FROM (${counted})`).get(match, ...params) as { n: number }).n;
    const rows = db.prepare(`SELECT entries.* FROM (${hits}) f JOIN entries ON entries.id = f.hit WHERE ${clause} LIMIT ? OFFSET ?`).all(match, ...params, q.limit, q.offset) as EntryDbRow[];
    return { total, rows: rows.map(toRow) };
  }
  if (q.search) {
    // Shorter than the index can search (one or two characters): a scan of the event's entries.
    const digits = q.search.replace(/\D/g, '');
    const like = likePattern(q.search);
    // Names and companies match case-insensitively; a phone matches on its digits whatever the spacing.
    where.push(`(lower(name) LIKE ? ESCAPE '\\' OR email_norm LIKE ? ESCAPE '\\' OR lower(company) LIKE ? ESCAPE '\\'${digits.length >= 3 ? ' OR phone_norm LIKE ?' : ''})`);
    params.push(like, like, like);
    if (digits.length >= 3) params.push(`%${digits}%`);
  }
  if (q.duplicates === 'flagged') where.push('duplicate_of IS NOT NULL');
  if (q.consent === 'given') where.push('marketing_consent = 1');
  if (q.consent === 'not_given') where.push('marketing_consent = 0');
  const clause = where.join(' AND ');
  const total = (db.prepare(`SELECT count(*) AS n FROM entries WHERE ${clause}`).get(...params) as { n: number }).n;
  const rows = db.prepare(`SELECT * FROM entries WHERE ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`).all(...params, q.limit, q.offset) as EntryDbRow[];
  return { total, rows: rows.map(toRow) };
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
  const totals = stmt<[number], { total: number; consented: number; flagged: number }>(
    db,
    `SELECT count(*) AS total, coalesce(sum(marketing_consent), 0) AS consented, coalesce(sum(duplicate_of IS NOT NULL), 0) AS flagged
     FROM entries WHERE event_id = ?`,
  ).get(eventId)!;
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
