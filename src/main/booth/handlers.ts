import type { KioskConfig } from '../../shared/contract/booth';
import type { Ctx, FeatureHandlers } from '../context';
import { captureEntry, checkAge, requireBoothEvent } from './capture';
import { recoverCaptureAudit } from './capture-audit';
import { boothCounts } from '../entries/repo';
import { activeQuestions, currentText, eventsOn, requireEvent } from '../events/repo';

/** Length of the kiosk's "are you still there?" countdown. */
export const KIOSK_COUNTDOWN_SECONDS = 15;

const recover = (ctx: Ctx) => recoverCaptureAudit(ctx.stores, ctx.now);

/** The kiosk (booth staff). Nothing here returns an entrant's data. */
export const boothHandlers = {
  'booth.events': (ctx) => {
    recover(ctx);
    return eventsOn(ctx.stores.contests, ctx.today());
  },

  'booth.config': (ctx, input): KioskConfig => {
    recover(ctx);
    const db = ctx.stores.contests;
    const ev = requireBoothEvent(ctx, input.eventId, ctx.today());
    const rules = currentText(db, ev.id, 'rules');
    const notice = currentText(db, ev.id, 'notice');
    return {
      event: { id: ev.id, name: ev.name, location: ev.location, startsOn: ev.startsOn, endsOn: ev.endsOn },
      rules: { id: rules.id, version: rules.version, body: rules.body },
      notice: { id: notice.id, version: notice.version, body: notice.body },
      questions: activeQuestions(db, ev.id).map((q) => ({ id: q.id, kind: q.kind, prompt: q.prompt, options: q.options, required: q.required })),
      kioskIdleSeconds: ctx.services.settings.kioskIdleSeconds,
      countdownSeconds: KIOSK_COUNTDOWN_SECONDS,
    };
  },

  'booth.counts': (ctx, input) => {
    const ev = requireEvent(ctx, input.eventId);
    return boothCounts(ctx.stores.contests, ev.id, ctx.today());
  },

  'booth.checkAge': (ctx, input) => checkAge(ctx, input.eventId, input.birthDate),

  'booth.capture': (ctx, input) => captureEntry(ctx, input),
} satisfies FeatureHandlers<'booth'>;
