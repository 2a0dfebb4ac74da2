import type { z } from 'zod';
import { checkBirthDate } from '../../shared/age';
import { answerKey, checkAnswers, normaliseAnswer, type AnswerValue } from '../../shared/booth';
import { addDays, localHourOf } from '../../shared/business-time';
import type { CaptureOutcome, captureInput } from '../../shared/contract/booth';
import { normaliseEmail } from '../../shared/email';
import { AppError, appError, fieldIssue } from '../../shared/errors';
import type { Ctx } from '../context';
import { silentLogger } from '../log/logger';
import { scheduleCaptureAudit } from './capture-audit';
import { countAgeRefusal, findDuplicate, insertConsentEvent, insertEntry, insertOutbox } from '../entries/repo';
import { findText, markQuestionsUsed, requireEvent, markTextsUsed, questionsById, type EventRecord, type TextRecord } from '../events/repo';
import { normalisePhone } from './normalise';
import { uuidV7 } from '../../shared/uuid7';

/**
 * The capture path of the booth. It runs entirely on this machine: no network call, no customer
 * account (policy 2d: entries live only in contests.db). An entry, its outbox row and its consent
 * event commit in one transaction, and the call answers only after that durable commit, so the
 * kiosk's thank-you screen means the entry is on disk.
 */


/** The outbox kind the sync client of a later issue sends. */
export const ENTRY_OUTBOX_KIND = 'contest_entry';



/**
 * An event the booth may take entries for today. One day of grace on either side, so an evening
 * that runs past midnight, or a laptop whose clock is in another time zone, does not lose entries.
 */
export function requireBoothEvent(ctx: Ctx, id: number, today: string): EventRecord {
  const ev = requireEvent(ctx, id);
  if (today < addDays(ev.startsOn, -1) || today > addDays(ev.endsOn, 1)) throw appError('booth.event_not_today');
  return ev;
}

/**
 * True when the birth date passes the shared age rule (the cut-off is kept in the core only: the
 * kiosk never learns it). A date in the future or before 1900 is a typing mistake, answered with
 * the one neutral message.
 */
function eligible(birthDate: string, today: string): boolean {
  const r = checkBirthDate(birthDate, today);
  if (!r.ok) throw appError('booth.birth_date', {}, [fieldIssue('birthDate', 'birth_date_parts', {}, 'Enter your date of birth as day, month and year.')]);
  return r.eligible;
}

/** The neutral age screen: a refusal leaves nothing behind but the event's anonymous count. */
export function checkAge(ctx: Ctx, eventId: number, birthDate: string): { eligible: boolean } {
  const today = ctx.today();
  const ev = requireBoothEvent(ctx, eventId, today);
  if (eligible(birthDate, today)) return { eligible: true };
  ctx.contestsTx(() => countAgeRefusal(ctx.stores.contests, ev.id));
  return { eligible: false };
}

function requireText(text: TextRecord | null, ev: EventRecord, kind: TextRecord['kind']): TextRecord {
  if (!text || text.eventId !== ev.id || text.kind !== kind) {
    throw appError('booth.texts_changed');
  }
  return text;
}

export function captureEntry(ctx: Ctx, input: z.output<typeof captureInput>): CaptureOutcome {
  const db = ctx.stores.contests;
  const now = ctx.clock.now();
  const today = ctx.today();
  const ev = requireBoothEvent(ctx, input.eventId, today);

  // The age screen is checked again here: the core does not trust that the kiosk asked it.
  if (!eligible(input.birthDate, today)) {
    ctx.contestsTx(() => countAgeRefusal(db, ev.id));
    return { outcome: 'not_eligible' };
  }

  const rules = requireText(findText(db, input.rulesVersionId), ev, 'rules');
  const notice = requireText(findText(db, input.noticeVersionId), ev, 'notice');
  const shownIds = [...new Set(input.questionIds)];
  const shown = questionsById(db, shownIds);
  if (shown.length !== shownIds.length || shown.some((q) => q.eventId !== ev.id)) {
    throw appError('booth.survey_changed');
  }
  const issues = checkAnswers(shown, input.answers);
  if (issues.length > 0) throw new AppError('invalid_input', issues[0]!.message, issues, 'booth.answers_invalid');
  const answers: Record<string, AnswerValue> = {};
  for (const q of shown) answers[answerKey(q.id)] = normaliseAnswer(q, input.answers[answerKey(q.id)]);

  const emailNorm = normaliseEmail(input.email);
  const phoneNorm = normalisePhone(input.phone);
  const uuid = uuidV7(now.getTime());
  const capturedAt = now.toISOString();
  const device = ctx.deps.deviceName ?? 'unknown device';
  const staffId = ctx.actor.staffId;

  const outcome = ctx.contestsTx((): CaptureOutcome => {
    const earlier = findDuplicate(db, ev.id, emailNorm, phoneNorm);
    if (earlier !== null && !ev.acceptDuplicates) return { outcome: 'already_entered' };
    const entryId = insertEntry(db, {
      uuid,
      eventId: ev.id,
      capturedAt,
      localHour: localHourOf(ctx.timeZone(), now),
      staffId,
      device,
      name: input.name,
      email: input.email,
      emailNorm,
      phone: input.phone,
      phoneNorm,
      address: input.address,
      title: input.title,
      company: input.company,
      answers,
      language: input.language,
      rulesTextId: rules.id,
      noticeTextId: notice.id,
      marketingConsent: input.marketingConsent,
      duplicateOf: earlier,
    });
    insertOutbox(
      db,
      uuid,
      ENTRY_OUTBOX_KIND,
      {
        id: uuid,
        event: { id: ev.uuid, name: ev.name },
        capturedAt,
        device,
        entrant: { name: input.name, email: input.email, phone: input.phone, address: input.address, title: input.title, company: input.company },
        language: input.language,
        answers: shown.map((q) => ({ question: q.prompt, kind: q.kind, answer: answers[answerKey(q.id)] ?? null })),
        rules: { version: rules.version, lang: rules.lang, sha256: rules.sha256 },
        marketingConsent: { granted: input.marketingConsent, notice: { version: notice.version, lang: notice.lang, sha256: notice.sha256 }, method: 'booth' },
        duplicateOf: earlier,
      },
      capturedAt,
    );
    if (input.marketingConsent) {
      insertConsentEvent(db, { entryId, granted: true, noticeTextId: notice.id, noticeSha256: notice.sha256, method: 'booth', at: capturedAt, device, staffId });
    }
    if (!rules.inUse || !notice.inUse) markTextsUsed(db, rules.id, notice.id);
    const fresh = shown.filter((q) => !q.inUse).map((q) => q.id);
    if (fresh.length > 0) markQuestionsUsed(db, fresh);
    return { outcome: 'saved', entryId: uuid, flaggedDuplicate: earlier !== null };
  });

  if (outcome.outcome === 'saved') {
    scheduleCaptureAudit(ctx.stores, ctx.now, ctx.services.jobs, ctx.deps.logger ?? silentLogger);
    // Only schedules a sync round for later; the capture has already committed and answers now.
    ctx.services.sync.nudge();
  }
  return outcome;
}
