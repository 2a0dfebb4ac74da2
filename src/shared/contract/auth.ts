import { z } from 'zod';
import { rule } from '../errors';
import { channel, feature } from './define';
import { empty, newPassword, password, requiredText, username, checked } from '../fields';
import type { Permission, Role } from '../roles';
import { LANGUAGES, type Language } from '../i18n';

export interface SessionInfo {
  staffId: number;
  username: string;
  displayName: string;
  role: Role;
  permissions: Permission[];
  /** Idle time after which the session locks. */
  lockAfterMs: number;
  locked: boolean;
  /** The business time zone: every "today" and every date the screens show is taken in it. */
  businessTimeZone: string;
  /** The staff member's language: their choice, else the OS locale, else English. */
  language: Language;
  /** False while the language comes from the OS locale (the staff member has not chosen one). */
  languageChosen: boolean;
  /** The event whose booth kiosk this window is running, or null. Set and cleared only by the core. */
  kioskEventId: number | null;
}

export const firstAdminInput = z
  .object({
    username,
    displayName: requiredText('Display name', 100),
    password: newPassword,
    confirmPassword: z.string(),
  })
  .strict()
  .refine((v) => v.password === v.confirmPassword, rule('passwords_differ', { path: ['confirmPassword'] }));

export const signInInput = z
  .object({
    username: z.string().trim().min(1, 'Username is required.').max(64).superRefine(checked('Username', false)),
    password,
    /** Chosen on the sign-in card: saved as the staff member's language once they are signed in. */
    language: z.enum(LANGUAGES).optional(),
  })
  .strict();

export const authFeature = feature('auth', {
  channels: {
    'auth.createFirstAdmin': channel<SessionInfo>()('public', firstAdminInput),
    'auth.signIn': channel<SessionInfo>()('public', signInInput),
    'auth.session': channel<SessionInfo | null>()('public', empty),
    'auth.signOut': channel<null>()('public', empty),
    'auth.unlock': channel<SessionInfo>()('signed_in', z.object({ password }).strict()),
    'auth.lock': channel<null>()('signed_in', empty),
    /** Booth kiosk exit: any active staff password, checked without changing the session. */
    'auth.verifyStaffPassword': channel<{ staffId: number; displayName: string }>()(
      'signed_in',
      z.object({ username: z.string().trim().min(1, 'Username is required.').max(64).superRefine(checked('Username', false)), password }).strict(),
    ),
    'auth.changePassword': channel<null>()(
      'signed_in',
      z
        .object({ currentPassword: password, newPassword, confirmPassword: z.string() })
        .strict()
        .refine((v) => v.newPassword === v.confirmPassword, rule('passwords_differ', { path: ['confirmPassword'] })),
    ),
  },
});
