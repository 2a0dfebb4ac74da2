import { z } from 'zod';
import { EMAIL_MAX, emailIssue } from './email';
import { rule } from './errors';

/**
 * Field schemas of the restricted records (leads, service notes, billing, data subject requests)
 * that the shared fields.ts does not have. Used by the core and by the renderer's forms.
 */

/**
 * A phone number as people type it: digits with spaces, dashes, dots, brackets and a leading +.
 * At least 6 and at most 17 digits (E.164 allows 15, plus room for an extension-less trunk 0).
 * Note: the dispatcher refuses any 13–19 digit run that passes the Luhn check, phone numbers
 * included; that is the policy's rule (a card number in the wrong field is still a card number).
 */
export const phone = (label = 'Phone') =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(32, `${label} must be at most 32 characters.`)
    .refine((v) => /^\+?[0-9 ().-]+$/.test(v), rule('phone_chars', { message: `${label} may contain only digits, spaces, brackets, dots, dashes and a leading +.`, abort: true }))
    .refine(
      (v) => {
        const digits = v.replace(/\D/g, '').length;
        return digits >= 6 && digits <= 17;
      },
      rule('phone_digits', { params: { min: 6, max: 17 }, message: `${label} must have 6 to 17 digits.` }),
    );

/**
 * A point in time as an ISO 8601 string: either with an offset (from code) or a local
 * "YYYY-MM-DDTHH:mm" as an <input type="datetime-local"> gives it. The core stores it in UTC.
 */
export const dateTime = (label: string) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .refine((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/.test(v), rule('datetime_format', { message: `${label} must be a date and time.`, abort: true }))
    .refine(isRealDateTime, rule('datetime_unreal', { message: `${label} is not a real date and time.` }));

/** Date.parse rolls 30 February over into March; check that the parts name a real calendar moment. */
function isRealDateTime(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(v);
  if (!m || Number.isNaN(Date.parse(v))) return false;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d && h < 24 && mi < 60;
}

/** An email that may be left empty (a lead may have only a phone number); empty is stored as NULL. */
export const optionalEmail = z
  .string()
  .max(EMAIL_MAX * 4, `An email address can be at most ${EMAIL_MAX} characters.`)
  .trim()
  .superRefine((v, ctx) => {
    const problem = v === '' ? null : emailIssue(v);
    if (problem) ctx.addIssue({ code: 'custom', ...rule(problem.key, { params: problem.params as never }) });
  })
  .optional()
  .transform((v) => (v === undefined || v === '' ? null : v));

/** Optional text in a form: an empty string means "not given" and is stored as NULL. */
export const optionalText = (schema: z.ZodType<string>) => schema.optional().transform((v) => (v === undefined || v === '' ? null : v));
