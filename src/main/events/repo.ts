import type { Ctx } from '../context';
import { appError } from '../../shared/errors';
import { createHash, randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { BoothEvent } from '../../shared/contract/booth';
import type { EventSummary, QuestionInput, TextVersion } from '../../shared/contract/events';
import type { QuestionKind, SurveyQuestion } from '../../shared/booth';
import { LANGUAGES, type Language } from '../../shared/i18n';
import { stmt } from '../db/statements';

/** Events, their versioned texts and their survey questions, in contests.db. */

export type TextKind = 'rules' | 'notice';

export const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

interface EventRow {
  id: number;
  uuid: string;
  name: string;
  starts_on: string;
  ends_on: string;
  location: string;
  accept_duplicates: 0 | 1;
  prize_fi: string;
  prize_en: string;
  entry_count?: number;
}

export interface EventRecord {
  id: number;
  uuid: string;
  name: string;
  startsOn: string;
  endsOn: string;
  location: string;
  acceptDuplicates: boolean;
  /** Shown with the event's name in the kiosk; '' when the event has none in that language. */
  prize: Record<Language, string>;
}

const toRecord = (r: EventRow): EventRecord => ({
  id: r.id,
  uuid: r.uuid,
  name: r.name,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  location: r.location,
  acceptDuplicates: r.accept_duplicates === 1,
  prize: { fi: r.prize_fi, en: r.prize_en },
});

export interface EventFields {
  name: string;
  startsOn: string;
  endsOn: string;
  location: string;
  acceptDuplicates: boolean;
  prize: Record<Language, string>;
}

export function insertEvent(db: Database, f: EventFields, now: string): number {
  const r = stmt(
    db,
    'INSERT INTO events (uuid, name, starts_on, ends_on, location, accept_duplicates, prize_fi, prize_en, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)',
  ).run(randomUUID(), f.name, f.startsOn, f.endsOn, f.location, f.acceptDuplicates ? 1 : 0, f.prize.fi, f.prize.en, now, now);
  return Number(r.lastInsertRowid);
}

/** Returns true when a field changed. */
export function updateEvent(db: Database, id: number, f: EventFields, now: string): boolean {
  const values = [f.name, f.startsOn, f.endsOn, f.location, f.acceptDuplicates ? 1 : 0, f.prize.fi, f.prize.en];
  const r = stmt(
    db,
    `UPDATE events SET name = ?, starts_on = ?, ends_on = ?, location = ?, accept_duplicates = ?, prize_fi = ?, prize_en = ?, updated_at = ?
     WHERE id = ? AND (name IS NOT ? OR starts_on IS NOT ? OR ends_on IS NOT ? OR location IS NOT ? OR accept_duplicates IS NOT ? OR prize_fi IS NOT ? OR prize_en IS NOT ?)`,
  ).run(...values, now, id, ...values);
  return r.changes > 0;
}

export function findEvent(db: Database, id: number): EventRecord | null {
  const r = stmt<[number], EventRow>(db, 'SELECT * FROM events WHERE id = ?').get(id);
  return r ? toRecord(r) : null;
}

export function listEvents(db: Database): EventSummary[] {
  const rows = stmt<[], EventRow>(
    db,
    `SELECT e.*, (SELECT count(*) FROM entries n WHERE n.event_id = e.id) AS entry_count
     FROM events e ORDER BY e.starts_on DESC, e.id DESC`,
  ).all();
  return rows.map((r) => ({ ...toRecord(r), entryCount: r.entry_count ?? 0 }));
}

export function countEntries(db: Database, eventId: number): number {
  return stmt<[number], { n: number }>(db, 'SELECT count(*) AS n FROM entries WHERE event_id = ?').get(eventId)!.n;
}

/** Events whose dates include `day` (YYYY-MM-DD). */
export function eventsOn(db: Database, day: string): BoothEvent[] {
  const rows = stmt<[string, string], EventRow>(db, 'SELECT * FROM events WHERE starts_on <= ? AND ends_on >= ? ORDER BY name, id').all(day, day);
  return rows.map((r) => ({ id: r.id, name: r.name, location: r.location, startsOn: r.starts_on, endsOn: r.ends_on }));
}

// ---------------------------------------------------------------------------------------------
// Versioned texts

interface TextRow {
  id: number;
  event_id: number;
  kind: TextKind;
  lang: Language;
  version: number;
  body: string;
  sha256: string;
  created_at: string;
  used: 0 | 1;
}

export interface TextRecord extends TextVersion {
  eventId: number;
  kind: TextKind;
}

const toText = (r: TextRow): TextRecord => ({
  id: r.id,
  eventId: r.event_id,
  kind: r.kind,
  lang: r.lang,
  version: r.version,
  body: r.body,
  sha256: r.sha256,
  createdAt: r.created_at,
  inUse: r.used === 1,
});

export function findText(db: Database, id: number): TextRecord | null {
  const r = stmt<[number], TextRow>(db, 'SELECT * FROM event_texts WHERE id = ?').get(id);
  return r ? toText(r) : null;
}

/** The current version of a kind in one language, or null when the event has none in it. */
export function currentText(db: Database, eventId: number, kind: TextKind, lang: Language): TextRecord | null {
  const r = stmt<[number, string, string], TextRow>(db, 'SELECT * FROM event_texts WHERE event_id = ? AND kind = ? AND lang = ? ORDER BY version DESC LIMIT 1').get(eventId, kind, lang);
  return r ? toText(r) : null;
}

/** Every version of a kind, in every language, newest first within each language. */
export function textVersions(db: Database, eventId: number, kind: TextKind): TextRecord[] {
  return stmt<[number, string], TextRow>(db, 'SELECT * FROM event_texts WHERE event_id = ? AND kind = ? ORDER BY lang, version DESC').all(eventId, kind).map(toText);
}

export type TextChange = { change: 'none' | 'corrected' | 'new_version' | 'created'; version: number };

/**
 * Makes `body` the current text of its kind in `lang`; each language has its own versions. An
 * unused current version is corrected in place; a version an entry has used is never changed, so
 * the edit becomes a new version. Returns what happened, for the audit row.
 */
export function setText(db: Database, eventId: number, kind: TextKind, lang: Language, body: string, now: string): TextChange {
  const cur = stmt<[number, string, string], TextRow>(db, 'SELECT * FROM event_texts WHERE event_id = ? AND kind = ? AND lang = ? ORDER BY version DESC LIMIT 1').get(eventId, kind, lang);
  const hash = sha256(body);
  if (cur && cur.sha256 === hash && cur.body === body) return { change: 'none', version: cur.version };
  if (cur && cur.used === 0) {
    stmt(db, 'UPDATE event_texts SET body = ?, sha256 = ?, created_at = ? WHERE id = ?').run(body, hash, now, cur.id);
    return { change: 'corrected', version: cur.version };
  }
  const version = (cur?.version ?? 0) + 1;
  stmt(db, 'INSERT INTO event_texts (event_id, kind, lang, version, body, sha256, created_at) VALUES (?,?,?,?,?,?,?)').run(eventId, kind, lang, version, body, hash, now);
  return { change: cur ? 'new_version' : 'created', version };
}

/** setText for every language of a kind. */
export function setTexts(db: Database, eventId: number, kind: TextKind, bodies: Record<Language, string>, now: string): Record<Language, TextChange> {
  const out = {} as Record<Language, TextChange>;
  for (const lang of LANGUAGES) out[lang] = setText(db, eventId, kind, lang, bodies[lang], now);
  return out;
}

export function markTextsUsed(db: Database, rulesId: number, noticeId: number): void {
  stmt(db, 'UPDATE event_texts SET used = 1 WHERE id IN (?, ?) AND used = 0').run(rulesId, noticeId);
}

// ---------------------------------------------------------------------------------------------
// Survey questions

interface QuestionRow {
  id: number;
  event_id: number;
  position: number;
  kind: QuestionKind;
  prompt: string;
  options: string;
  required: 0 | 1;
  retired: 0 | 1;
  used: 0 | 1;
}

export interface QuestionRecord extends SurveyQuestion {
  eventId: number;
  position: number;
  retired: boolean;
  inUse: boolean;
}

const toQuestion = (r: QuestionRow): QuestionRecord => ({
  id: r.id,
  eventId: r.event_id,
  position: r.position,
  kind: r.kind,
  prompt: r.prompt,
  options: JSON.parse(r.options) as string[],
  required: r.required === 1,
  retired: r.retired === 1,
  inUse: r.used === 1,
});

/** The current survey of an event, in order. */
export function activeQuestions(db: Database, eventId: number): QuestionRecord[] {
  return stmt<[number], QuestionRow>(db, 'SELECT * FROM survey_questions WHERE event_id = ? AND retired = 0 ORDER BY position, id').all(eventId).map(toQuestion);
}

/** Questions by id, retired or not (an entrant may have been shown a question retired since). */
export function questionsById(db: Database, ids: readonly number[]): QuestionRecord[] {
  const one = stmt<[number], QuestionRow>(db, 'SELECT * FROM survey_questions WHERE id = ?');
  const out: QuestionRecord[] = [];
  for (const id of ids) {
    const r = one.get(id);
    if (r) out.push(toQuestion(r));
  }
  return out;
}

/** Every question an event ever had (for showing old answers). */
export function allQuestions(db: Database, eventId: number): QuestionRecord[] {
  return stmt<[number], QuestionRow>(db, 'SELECT * FROM survey_questions WHERE event_id = ? ORDER BY retired, position, id').all(eventId).map(toQuestion);
}

export function markQuestionsUsed(db: Database, ids: readonly number[]): void {
  if (ids.length === 0) return;
  stmt(db, 'UPDATE survey_questions SET used = 1 WHERE used = 0 AND id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids));
}

const sameContent = (a: QuestionRecord, b: QuestionInput) => a.kind === b.kind && a.prompt === b.prompt && JSON.stringify(a.options) === JSON.stringify(b.options);

/**
 * Replaces the event's survey with `questions` (in that order). A question that entries answered
 * keeps its content: a changed one is retired and added anew, a removed one is retired. Unanswered
 * questions are edited or deleted in place. Returns counts for the audit row.
 */
export function replaceSurvey(db: Database, eventId: number, questions: readonly QuestionInput[], now: string, unknownId: (id: number) => never) {
  const current = new Map(activeQuestions(db, eventId).map((q) => [q.id, q]));
  const kept = new Set<number>();
  const counts = { added: 0, changed: 0, retired: 0, removed: 0, reordered: 0 };
  const insert = (q: QuestionInput, position: number) =>
    stmt(db, 'INSERT INTO survey_questions (event_id, position, kind, prompt, options, required, created_at) VALUES (?,?,?,?,?,?,?)').run(
      eventId,
      position,
      q.kind,
      q.prompt,
      JSON.stringify(q.options),
      q.required ? 1 : 0,
      now,
    );
  const retire = (id: number) => stmt(db, 'UPDATE survey_questions SET retired = 1 WHERE id = ?').run(id);
  questions.forEach((q, position) => {
    if (q.id === undefined) {
      insert(q, position);
      counts.added++;
      return;
    }
    const old = current.get(q.id);
    if (!old || kept.has(q.id)) unknownId(q.id);
    kept.add(q.id);
    if (sameContent(old, q)) {
      if (old.position !== position || old.required !== q.required) {
        stmt(db, 'UPDATE survey_questions SET position = ?, required = ? WHERE id = ?').run(position, q.required ? 1 : 0, q.id);
        counts.reordered++;
      }
    } else if (old.inUse) {
      retire(q.id);
      insert(q, position);
      counts.changed++;
    } else {
      stmt(db, 'UPDATE survey_questions SET position = ?, kind = ?, prompt = ?, options = ?, required = ? WHERE id = ?').run(
        position,
        q.kind,
        q.prompt,
        JSON.stringify(q.options),
        q.required ? 1 : 0,
        q.id,
      );
      counts.changed++;
    }
  });
  for (const old of current.values()) {
    if (kept.has(old.id)) continue;
    if (old.inUse) {
      retire(old.id);
      counts.retired++;
    } else {
      stmt(db, 'DELETE FROM survey_questions WHERE id = ?').run(old.id);
      counts.removed++;
    }
  }
  return counts;
}

export function requireEvent(ctx: Ctx, id: number): EventRecord {
  const ev = findEvent(ctx.stores.contests, id);
  if (!ev) throw appError('booth.event_not_found');
  return ev;
}
