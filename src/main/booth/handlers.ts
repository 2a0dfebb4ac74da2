import type { KioskConfig, KioskText } from '../../shared/contract/booth';
import { appError } from '../../shared/errors';
import { LANGUAGES, type Language } from '../../shared/i18n';
import type { Ctx, FeatureHandlers } from '../context';
import { captureEntry, checkAge, requireBoothEvent } from './capture';
import { recoverCaptureAudit } from './capture-audit';
import { silentLogger } from '../log/logger';
import { activeQuestions, currentText, eventsOn, requireEvent, type TextKind } from '../events/repo';
import type { Database } from 'better-sqlite3-multiple-ciphers';

/** Length of the kiosk's "are you still there?" countdown. */
export const KIOSK_COUNTDOWN_SECONDS = 15;

// The kiosk never waits for the audit: a long catch-up runs between its calls.
const recover = (ctx: Ctx) => recoverCaptureAudit(ctx.stores, ctx.now, ctx.services.jobs, ctx.deps.logger ?? silentLogger);

const other = (l: Language): Language => (l === 'fi' ? 'en' : 'fi');

/** The current text of a kind per language; a language the event has no text in shows the other one. */
function kioskTexts(db: Database, eventId: number, kind: TextKind): Record<Language, KioskText> {
  const current = Object.fromEntries(LANGUAGES.map((l) => [l, currentText(db, eventId, kind, l)]));
  const out = {} as Record<Language, KioskText>;
  for (const l of LANGUAGES) {
    const t = current[l] ?? current[other(l)];
    if (!t) throw appError('booth.texts_changed');
    out[l] = { id: t.id, lang: t.lang, version: t.version, body: t.body };
  }
  return out;
}

/** The kiosk (booth staff). Nothing here returns an entrant's data. The counts are read by the query worker (booth/jobs.ts). */
export const boothHandlers = {
  'booth.events': (ctx) => {
    recover(ctx);
    return eventsOn(ctx.stores.contests, ctx.today());
  },

  'booth.config': (ctx, input): KioskConfig => {
    recover(ctx);
    const db = ctx.stores.contests;
    const ev = requireBoothEvent(ctx, input.eventId, ctx.today());
    const prize = (l: Language) => (ev.prize[l] !== '' ? { lang: l, text: ev.prize[l] } : ev.prize[other(l)] !== '' ? { lang: other(l), text: ev.prize[other(l)] } : null);
    return {
      event: { id: ev.id, name: ev.name, location: ev.location, startsOn: ev.startsOn, endsOn: ev.endsOn },
      rules: kioskTexts(db, ev.id, 'rules'),
      notice: kioskTexts(db, ev.id, 'notice'),
      prize: { fi: prize('fi'), en: prize('en') },
      questions: activeQuestions(db, ev.id).map((q) => ({ id: q.id, kind: q.kind, prompt: q.prompt, options: q.options, required: q.required })),
      kioskIdleSeconds: ctx.services.settings.kioskIdleSeconds,
      countdownSeconds: KIOSK_COUNTDOWN_SECONDS,
    };
  },

  'booth.counts': async (ctx, input) => {
    const ev = requireEvent(ctx, input.eventId);
    return ctx.services.jobs.query('booth.counts', { eventId: ev.id, today: ctx.today() }, ctx.actor);
  },

  'booth.checkAge': (ctx, input) => checkAge(ctx, input.eventId, input.birthDate),

  'booth.capture': (ctx, input) => captureEntry(ctx, input),
} satisfies FeatureHandlers<'booth'>;
