import { z } from 'zod';
import { channel, feature } from './define';
import { checked, empty } from '../fields';
import { emailIssue } from '../email';
import { isTimeZone } from '../business-time';
import { FIELD_ERRORS, rule, type FieldKey } from '../errors';

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

type SmtpIssue = { key: FieldKey; params: Record<string, unknown> };

/** Empty (no relay yet), or a host name, IPv4 address or IPv6 address of the SMTP relay; else the rule it breaks. */
export function smtpHostIssue(host: string): SmtpIssue | null {
  if (host === '' || IPV4.test(host) || IPV6.test(host)) return null;
  const labels = host.split('.');
  if (host.length <= 253 && labels.every((l) => HOST_LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1]!)) return null;
  return { key: 'smtp_host', params: {} };
}

export const SENDER_NAME_MAX = 200;

/**
 * Empty (no relay yet), an address, or a display name and an address: `IXO Systems <noreply@ixo.fi>`;
 * else the rule it breaks. A bad address gets the email rule's own key, with the field's label.
 */
export function smtpFromIssue(from: string): SmtpIssue | null {
  if (from === '') return null;
  const named = /^([^<>]*)<([^<>]*)>$/.exec(from);
  const address = named ? named[2]!.trim() : from;
  if (named) {
    const name = named[1]!.trim();
    if (name.length > SENDER_NAME_MAX) return { key: 'smtp_sender_name_long', params: { max: SENDER_NAME_MAX } };
    if (/["\\]/.test(name.replace(/^"(.*)"$/, '$1'))) return { key: 'smtp_sender_name_chars', params: {} };
  }
  return emailIssue(address);
}

const word = (i: SmtpIssue | null) => (i ? (FIELD_ERRORS[i.key] as (p: unknown) => string)(i.params) : null);
/** The host's problem in English words (logs, tests); null when it is fine. */
export const smtpHostProblem = (host: string) => word(smtpHostIssue(host));
/** The sender's problem in English words (logs, tests); null when it is fine. */
export const smtpFromProblem = (from: string) => word(smtpFromIssue(from));

const byIssue = (issueOf: (v: string) => SmtpIssue | null) => (v: string, ctx: z.RefinementCtx) => {
  const found = issueOf(v);
  if (found) ctx.addIssue({ code: 'custom', ...rule(found.key, { params: found.params as never }) });
};

const smtpHost = z.string().trim().max(253).superRefine(checked('The SMTP server', false)).superRefine(byIssue(smtpHostIssue));
const smtpUser = z.string().max(256).superRefine(checked('The SMTP user name', false));
const smtpFrom = z.string().trim().max(254 + 200).superRefine(checked('The sender', false)).superRefine(byIssue(smtpFromIssue));

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
        port: z.number({ error: rule('smtp_port').message }).refine((v) => Number.isInteger(v) && v >= 1 && v <= 65535, rule('smtp_port')),
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
