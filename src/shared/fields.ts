import { z } from 'zod';
import { rule } from './errors';

/** Field schemas shared by the core (validation of record) and the renderer's forms. */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A single-line text field: trimmed, no control characters, with a length limit. */
export const text = (label: string, max = 200) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .max(max, `${label} must be at most ${max} characters.`)
    .refine((v) => !CONTROL_CHARS.test(v) && !/[\r\n]/.test(v), rule('line_breaks', { message: `${label} cannot contain line breaks or control characters.` }));

export const requiredText = (label: string, max = 200) => text(label, max).refine((v) => v.length > 0, rule('required', { message: `${label} is required.` }));

/** Multi-line free text (notes, survey answers). */
export const longText = (label: string, max = 5000) =>
  z
    .string({ error: `${label} is required.` })
    .max(max, `${label} must be at most ${max} characters.`)
    .refine((v) => !CONTROL_CHARS.test(v), rule('control_chars', { message: `${label} cannot contain control characters.` }));

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
