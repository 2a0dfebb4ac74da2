import { appError } from '../../shared/errors';
import { checkCredentials } from '../auth/handlers';
import { requireBoothEvent } from '../booth/capture';
import type { Handlers } from '../context';

/**
 * The booth kiosk, owned by the core: the session remembers the event it runs, so a reloaded or
 * crashed window comes back into the kiosk; the dispatcher answers only KIOSK_CHANNELS meanwhile;
 * the window follows through deps.onKioskChange (setKiosk and the key guard).
 */
export const kioskHandlers = {
  'kiosk.enter': (ctx, input) => {
    requireBoothEvent(ctx, input.eventId, ctx.today());
    ctx.session.kioskEventId = input.eventId;
    ctx.tx(() => ctx.audit({ action: 'kiosk.enter', subjectType: 'event', subjectId: input.eventId }));
    ctx.deps.onKioskChange?.(ctx.session.connectionId, true);
    return ctx.core.sessionInfo(ctx.session)!;
  },

  'kiosk.leave': async (ctx, input) => {
    const eventId = ctx.session.kioskEventId;
    if (eventId === null) throw appError('kiosk.not_running');
    const staff = await checkCredentials(ctx, input.username, input.password);
    ctx.session.kioskEventId = null;
    ctx.tx(() => ctx.audit({ action: 'kiosk.leave', subjectType: 'event', subjectId: eventId, details: { staffId: staff.id } }));
    ctx.deps.onKioskChange?.(ctx.session.connectionId, false);
    return ctx.core.sessionInfo(ctx.session)!;
  },
} satisfies Partial<Handlers>;
