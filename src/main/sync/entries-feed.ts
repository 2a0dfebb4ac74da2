import type { Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import { answerKey, type AnswerValue } from '../../shared/booth';
import { normaliseEmail } from '../../shared/email';
import { stmt } from '../db/statements';
import { allQuestions } from '../events/repo';
import { insertConsentEvent, insertEntry } from '../entries/repo';
import { localHourOf } from '../../shared/business-time';
import { normalisePhone } from '../booth/normalise';
import { LANGUAGES, type Language } from '../../shared/i18n';

/**
 * Office devices receive every booth's entries, so Entries, Reports, Exports and data requests on
 * any office device cover all booths. An entry is stored against this device's copy of its event
 * and text versions; one whose event or text version has not arrived yet is parked and tried again
 * after the next pull. Applying an entry twice changes nothing (its uuid is unique).
 */

const answer = z.union([z.string(), z.array(z.string()), z.number(), z.null()]);
export const entryPayload = z.object({
  id: z.string(),
  event: z.object({ id: z.string(), name: z.string() }),
  capturedAt: z.string(),
  device: z.string(),
  entrant: z.object({ name: z.string(), email: z.string(), phone: z.string(), address: z.string(), title: z.string(), company: z.string() }),
  // Entries from an app that had one language for texts name none: their texts are the English ones.
  language: z.enum(LANGUAGES).default('en'),
  answers: z.array(z.object({ question: z.string(), kind: z.string(), answer })),
  rules: z.object({ version: z.number().int(), lang: z.enum(LANGUAGES).default('en'), sha256: z.string() }),
  marketingConsent: z.object({
    granted: z.boolean(),
    notice: z.object({ version: z.number().int(), lang: z.enum(LANGUAGES).default('en'), sha256: z.string() }),
    method: z.literal('booth'),
  }),
  duplicateOf: z.string().nullable(),
});

/** Entries captured on another device carry no local staff member. */
export const REMOTE_STAFF_ID = 0;

export type ApplyOutcome = { applied: true } | { applied: false; reason: string };

/** Call inside a contests.db transaction. */
export function applyEntry(db: Database, id: string, payloadText: string, timeZone: string): ApplyOutcome {
  if (stmt<[string], { n: number }>(db, 'SELECT count(*) AS n FROM entries WHERE uuid = ?').get(id)!.n > 0) return { applied: true };
  const parsed = entryPayload.safeParse(JSON.parse(payloadText));
  if (!parsed.success) return { applied: false, reason: 'The entry does not match the format this version of the app reads.' };
  const p = parsed.data;
  const ev = stmt<[string], { id: number }>(db, 'SELECT id FROM events WHERE uuid = ?').get(p.event.id);
  if (!ev) return { applied: false, reason: `The event “${p.event.name}” has not reached this device yet.` };
  const text = (kind: 'rules' | 'notice', t: { version: number; lang: Language; sha256: string }) =>
    stmt<[number, string, string, number, string], { id: number }>(db, 'SELECT id FROM event_texts WHERE event_id = ? AND kind = ? AND lang = ? AND version = ? AND sha256 = ?').get(
      ev.id,
      kind,
      t.lang,
      t.version,
      t.sha256,
    );
  const rules = text('rules', p.rules);
  const notice = text('notice', p.marketingConsent.notice);
  if (!rules || !notice) return { applied: false, reason: `The rules or notice version this entry agreed to has not reached this device yet.` };

  // Answers are matched to this device's questions by their wording; all of them match when the
  // event came through the hub.
  const questions = allQuestions(db, ev.id);
  const answers: Record<string, AnswerValue> = {};
  for (const a of p.answers) {
    const q = questions.find((x) => x.prompt === a.question && x.kind === a.kind);
    if (q) answers[answerKey(q.id)] = a.answer;
  }
  const captured = new Date(p.capturedAt);
  const entryId = insertEntry(db, {
    uuid: id,
    eventId: ev.id,
    capturedAt: p.capturedAt,
    localHour: localHourOf(timeZone, captured),
    staffId: REMOTE_STAFF_ID,
    device: p.device,
    name: p.entrant.name,
    email: p.entrant.email,
    emailNorm: normaliseEmail(p.entrant.email),
    phone: p.entrant.phone,
    phoneNorm: normalisePhone(p.entrant.phone),
    address: p.entrant.address,
    title: p.entrant.title,
    company: p.entrant.company,
    answers,
    language: p.language,
    rulesTextId: rules.id,
    noticeTextId: notice.id,
    marketingConsent: p.marketingConsent.granted,
    duplicateOf: p.duplicateOf,
  });
  if (p.marketingConsent.granted) {
    insertConsentEvent(db, { entryId, granted: true, noticeTextId: notice.id, noticeSha256: p.marketingConsent.notice.sha256, method: 'booth', at: p.capturedAt, device: p.device, staffId: null });
  }
  stmt(db, 'UPDATE event_texts SET used = 1 WHERE id IN (?, ?) AND used = 0').run(rules.id, notice.id);
  return { applied: true };
}

export function park(db: Database, id: string, feed: string, payload: string, reason: string, at: string): void {
  stmt(db, 'INSERT INTO sync_parked (id, feed, payload, reason, at) VALUES (?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET reason = excluded.reason').run(id, feed, payload, reason, at);
}

/** Tries every parked entry again. Call inside a contests.db transaction. */
export function retryParked(db: Database, timeZone: string): number {
  const rows = stmt<[], { id: string; payload: string }>(db, "SELECT id, payload FROM sync_parked WHERE feed = 'entries'").all();
  let applied = 0;
  for (const r of rows) {
    if (applyEntry(db, r.id, r.payload, timeZone).applied) {
      stmt(db, 'DELETE FROM sync_parked WHERE id = ?').run(r.id);
      applied++;
    }
  }
  return applied;
}

export function parkedCount(db: Database): number {
  return stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM sync_parked').get()!.n;
}
