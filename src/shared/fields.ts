import { z } from 'zod';
import { rule } from './errors';

/** Field schemas shared by the core (validation of record) and the renderer's forms. */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** Tab, line feed, carriage return and the Unicode line and paragraph separators. */
const LINE_BREAKS = /[\t\n\r\u2028\u2029]/;
/** Half of a UTF-16 surrogate pair without its other half: not a character, stored as U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text value is refused, or null. Multi-line text keeps tabs and line breaks (LF, CR LF). */
export function textProblem(label: string, value: string, multiline: boolean): string | null {
  if (LONE_SURROGATE.test(value)) return `${label} contains a broken character (half of an emoji or symbol). Type or paste it again.`;
  if (CONTROL_CHARS.test(value) || (!multiline && LINE_BREAKS.test(value))) {
    return multiline ? `${label} cannot contain control characters.` : `${label} cannot contain line breaks, tabs or control characters.`;
  }
  return null;
}

/** Refines a string schema with textProblem, reporting the first problem found. */
export const checked = (label: string, multiline: boolean) => (v: string, ctx: z.RefinementCtx) => {
  const problem = textProblem(label, v, multiline);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};

/** A single-line text field: trimmed, no line breaks, control characters or broken characters, with a length limit. */
export const text = (label: string, max = 200) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .max(max, `${label} must be at most ${max} characters.`)
    .superRefine(checked(label, false));

export const requiredText = (label: string, max = 200) => text(label, max).refine((v) => v.length > 0, rule('required', { message: `${label} is required.` }));

/** Multi-line free text (notes, survey answers, event texts): keeps its line breaks and tabs. */
export const longText = (label: string, max = 5000) =>
  z
    .string({ error: `${label} is required.` })
    .max(max, `${label} must be at most ${max} characters.`)
    .superRefine(checked(label, true));

export const username = z
  .string({ error: 'Username is required.' })
  .trim()
  .min(3, 'Username must be at least 3 characters.')
  .max(64, 'Username must be at most 64 characters.')
  .refine((v) => /^[a-zA-Z0-9._-]+$/.test(v), rule('username_chars'));

export const PASSWORD_MIN = 10;
export const newPassword = z
  .string({ error: 'Password is required.' })
  .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters.`)
  .max(256, 'Password must be at most 256 characters.');

/** A password being checked (sign-in, unlock): no length rules, only a sane limit. */
export const password = z.string({ error: 'Password is required.' }).min(1, 'Password is required.').max(256, 'Password is too long.');

export const id = z.number({ error: 'An id is required.' }).int().positive();
export const uuid = z.uuid({ error: 'A valid id is required.' });

/** Calendar date as YYYY-MM-DD. */
export const isoDate = (label: string) =>
  z
    .string({ error: `${label} is required.` })
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v), rule('date_format', { message: `${label} must be a date (YYYY-MM-DD).`, abort: true }))
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), rule('date_unreal', { message: `${label} is not a real date.` }));

export const empty = z.object({}).strict();
