import type { Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import { stmt } from '../db/statements';
import { activeQuestions, findEvent, textVersions } from '../events/repo';
import { enqueue } from './outbox';
import { LANGUAGES } from '../../shared/i18n';

/**
 * Events travel from office devices to every device as whole definitions: the event with its prize
 * texts, every version of its rules and notice in each language, and its current survey. Each change on an office device queues the next
 * version; a device applies a version only when it is newer than the one it holds, so a page applied
 * twice changes nothing. Text versions and answered questions are never rewritten (the same rules as
 * editing an event locally).
 */

// An event from an app that had one language for texts names none: its texts are the English ones.
const textSchema = z.object({ kind: z.enum(['rules', 'notice']), lang: z.enum(LANGUAGES).default('en'), version: z.number().int().min(1), body: z.string(), sha256: z.string() });
const questionSchema = z.object({
  kind: z.enum(['text', 'single', 'multiple', 'rating']),
  prompt: z.string(),
  options: z.array(z.string()),
  required: z.boolean(),
});
export const eventBody = z.object({
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  location: z.string(),
  acceptDuplicates: z.boolean(),
  prize: z.object({ fi: z.string(), en: z.string() }).default({ fi: '', en: '' }),
  texts: z.array(textSchema),
  questions: z.array(questionSchema),
});
export type EventBody = z.infer<typeof eventBody>;

/** Call inside the transaction that changed the event. */
export function enqueueEventVersion(db: Database, eventId: number, now: string): void {
  const ev = findEvent(db, eventId);
  if (!ev) return;
  const version = stmt<[number], { v: number }>(db, 'SELECT sync_version AS v FROM events WHERE id = ?').get(eventId)!.v + 1;
  stmt(db, 'UPDATE events SET sync_version = ? WHERE id = ?').run(version, eventId);
  const texts = [...textVersions(db, eventId, 'rules'), ...textVersions(db, eventId, 'notice')]
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.lang.localeCompare(b.lang) || a.version - b.version)
    .map((t) => ({ kind: t.kind, lang: t.lang, version: t.version, body: t.body, sha256: t.sha256 }));
  const body: EventBody = {
    name: ev.name,
    startsOn: ev.startsOn,
    endsOn: ev.endsOn,
    location: ev.location,
    acceptDuplicates: ev.acceptDuplicates,
    prize: ev.prize,
    texts,
    questions: activeQuestions(db, eventId).map((q) => ({ kind: q.kind, prompt: q.prompt, options: q.options, required: q.required })),
  };
  enqueue(db, 'event', { eventId: ev.uuid, version, body }, now);
}

/** Applies one event version from the feed. Returns false when this device already holds it or a newer one. Call inside a transaction. */
export function applyEventVersion(db: Database, uuid: string, version: number, body: EventBody, now: string): boolean {
  const local = stmt<[string], { id: number; sync_version: number }>(db, 'SELECT id, sync_version FROM events WHERE uuid = ?').get(uuid);
  if (local && local.sync_version >= version) return false;
  let eventId: number;
  if (local) {
    stmt(db, 'UPDATE events SET name = ?, starts_on = ?, ends_on = ?, location = ?, accept_duplicates = ?, prize_fi = ?, prize_en = ?, sync_version = ?, updated_at = ? WHERE id = ?').run(
      body.name,
      body.startsOn,
      body.endsOn,
      body.location,
      body.acceptDuplicates ? 1 : 0,
      body.prize.fi,
      body.prize.en,
      version,
      now,
      local.id,
    );
    eventId = local.id;
  } else {
    eventId = Number(
      stmt(
        db,
        'INSERT INTO events (uuid, name, starts_on, ends_on, location, accept_duplicates, prize_fi, prize_en, created_at, updated_at, sync_version) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
      ).run(uuid, body.name, body.startsOn, body.endsOn, body.location, body.acceptDuplicates ? 1 : 0, body.prize.fi, body.prize.en, now, now, version).lastInsertRowid,
    );
  }
  for (const t of body.texts) {
    const have = stmt<[number, string, string, number], { id: number; sha256: string; used: number }>(
      db,
      'SELECT id, sha256, used FROM event_texts WHERE event_id = ? AND kind = ? AND lang = ? AND version = ?',
    ).get(eventId, t.kind, t.lang, t.version);
    if (!have) {
      stmt(db, 'INSERT INTO event_texts (event_id, kind, lang, version, body, sha256, created_at) VALUES (?,?,?,?,?,?,?)').run(eventId, t.kind, t.lang, t.version, t.body, t.sha256, now);
    } else if (have.sha256 !== t.sha256 && have.used === 0) {
      // A correction of a version no entry had used yet; a used version never changes.
      stmt(db, 'UPDATE event_texts SET body = ?, sha256 = ? WHERE id = ?').run(t.body, t.sha256, have.id);
    }
  }
  const current = activeQuestions(db, eventId);
  const matched = new Set<number>();
  body.questions.forEach((q, position) => {
    const same = current.find((c) => !matched.has(c.id) && c.kind === q.kind && c.prompt === q.prompt && JSON.stringify(c.options) === JSON.stringify(q.options));
    if (same) {
      matched.add(same.id);
      stmt(db, 'UPDATE survey_questions SET position = ?, required = ? WHERE id = ?').run(position, q.required ? 1 : 0, same.id);
    } else {
      stmt(db, 'INSERT INTO survey_questions (event_id, position, kind, prompt, options, required, created_at) VALUES (?,?,?,?,?,?,?)').run(
        eventId,
        position,
        q.kind,
        q.prompt,
        JSON.stringify(q.options),
        q.required ? 1 : 0,
        now,
      );
    }
  });
  for (const c of current) {
    if (matched.has(c.id)) continue;
    if (c.inUse) stmt(db, 'UPDATE survey_questions SET retired = 1 WHERE id = ?').run(c.id);
    else stmt(db, 'DELETE FROM survey_questions WHERE id = ?').run(c.id);
  }
  return true;
}
