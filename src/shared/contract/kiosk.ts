import { z } from 'zod';
import { channel, feature } from './define';
import { id, password, checked } from '../fields';
import type { SessionInfo } from './auth';

/**
 * The booth kiosk's state lives in the core, per window session: a reload or a renderer crash
 * comes back into the kiosk, and while it is up the session answers only the kiosk's own calls.
 * Leaving needs any active staff member's password.
 */
export const kioskFeature = feature('kiosk', {
  channels: {
    'kiosk.enter': channel<SessionInfo>()('booth.capture', z.object({ eventId: id }).strict()),
    'kiosk.leave': channel<SessionInfo>()('signed_in', z.object({ username: z.string().trim().min(1, 'Username is required.').max(64).superRefine(checked('Username', false)), password }).strict()),
  },
});

/** What a session in the kiosk may call; everything else is refused until a staff password ends it. */
export const KIOSK_CHANNELS = ['app.status', 'auth.session', 'booth.events', 'booth.config', 'booth.counts', 'booth.checkAge', 'booth.capture', 'kiosk.leave'] as const;
