import { z } from 'zod';
import { channel, feature } from './define';
import { checked, empty } from '../fields';
import { emailProblem } from '../email';
import { isTimeZone } from '../business-time';
import { rule } from '../errors';

export interface Settings {
  lockAfterMinutes: number;
  kioskIdleSeconds: number;
  /** IANA zone of every business date ("today", report days, age); default Europe/Helsinki. */
  businessTimeZone: string;
  smtp: { host: string; port: number; secure: boolean; user: string; from: string; hasPassword: boolean };
}

const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^[0-9a-f]*:[0-9a-f:.]*$/i;

/** Empty (no relay yet), or a host name, IPv4 address or IPv6 address of the SMTP relay. */
export function smtpHostProblem(host: string): string | null {
  if (host === '' || IPV4.test(host) || IPV6.test(host)) return null;
  const labels = host.split('.');
  if (host.length <= 253 && labels.every((l) => HOST_LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1]!)) return null;
  return 'The SMTP server must be a host name such as smtp.example.com, or an IP address.';
}

/** Empty (no relay yet), an address, or a display name and an address: `IXO Systems <noreply@ixo.fi>`. */
export function smtpFromProblem(from: string): string | null {
  if (from === '') return null;
  const named = /^([^<>]*)<([^<>]*)>$/.exec(from);
  const address = named ? named[2]!.trim() : from;
  if (named) {
    const name = named[1]!.trim();
    if (name.length > 200) return 'The sender name must be at most 200 characters.';
    if (/["\\]/.test(name.replace(/^"(.*)"$/, '$1'))) return 'The sender name cannot contain quotes or backslashes.';
  }
  const problem = emailProblem(address);
  return problem ? `Sender address: ${problem}` : null;
}

const byProblem = (problem: (v: string) => string | null) => (v: string, ctx: z.RefinementCtx) => {
  const message = problem(v);
  if (message) ctx.addIssue({ code: 'custom', message });
};

const smtpHost = z.string().trim().max(253).superRefine(checked('The SMTP server', false)).superRefine(byProblem(smtpHostProblem));
const smtpUser = z.string().max(256).superRefine(checked('The SMTP user name', false));
const smtpFrom = z.string().trim().max(254 + 200).superRefine(checked('The sender', false)).superRefine(byProblem(smtpFromProblem));

export const settingsInput = z
  .object({
    lockAfterMinutes: z.number({ error: 'Enter a number of minutes.' }).int().min(1, 'At least 1 minute.').max(240, 'At most 240 minutes.'),
    kioskIdleSeconds: z.number({ error: 'Enter a number of seconds.' }).int().min(15, 'At least 15 seconds.').max(900, 'At most 900 seconds.'),
    /** Omitted: keep the stored zone. */
    businessTimeZone: z
      .string()
      .trim()
      .refine(isTimeZone, rule('time_zone_unknown'))
      .optional(),
    smtp: z
      .object({
        host: smtpHost,
        port: z.number().int().min(1).max(65535),
        secure: z.boolean(),
        user: smtpUser,
        /** Omitted: keep the stored password. Empty string: clear it. */
        password: z.string().max(256).optional(),
        from: smtpFrom,
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
