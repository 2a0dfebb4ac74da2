import { z } from 'zod';
import { channel, feature } from './define';
import { empty } from '../fields';

export interface Settings {
  lockAfterMinutes: number;
  kioskIdleSeconds: number;
  smtp: { host: string; port: number; secure: boolean; user: string; from: string; hasPassword: boolean };
}

export const settingsInput = z
  .object({
    lockAfterMinutes: z.number({ error: 'Enter a number of minutes.' }).int().min(1, 'At least 1 minute.').max(240, 'At most 240 minutes.'),
    kioskIdleSeconds: z.number({ error: 'Enter a number of seconds.' }).int().min(15, 'At least 15 seconds.').max(900, 'At most 900 seconds.'),
    smtp: z
      .object({
        host: z.string().trim().max(253),
        port: z.number().int().min(1).max(65535),
        secure: z.boolean(),
        user: z.string().max(256),
        /** Omitted: keep the stored password. Empty string: clear it. */
        password: z.string().max(256).optional(),
        from: z.string().trim().max(254),
      })
      .strict(),
  })
  .strict();

export const settingsFeature = feature('settings', {
  channels: {
    'settings.get': channel<Settings>()('settings.manage', empty),
    'settings.update': channel<Settings>()('settings.manage', settingsInput),
  },
});
