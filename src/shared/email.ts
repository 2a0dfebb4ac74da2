import { z } from 'zod';
import { FIELD_ERRORS, rule, type FieldKey } from './errors';

/**
 * Email addresses: one syntax rule and one normal form for the whole app (registration, opt-outs,
 * imports, the booth). Matching always uses the normal form; the address as typed is what is shown
 * and what mail is sent to.
 */

export const EMAIL_MAX = 254;
const LOCAL_MAX = 64;

// Characters of an unquoted local part (RFC 5322 atext) plus dots, and any non-ASCII letter or digit
// for internationalised addresses. Quoted local parts are refused: nobody types them, and they are
// where script and SQL text would otherwise hide.
const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]+$/u;
// Domain: letters, digits, '-' and '.', as the issue states; labels of 1..63 characters that do not
// start or end with '-', and at least two labels.
const DOMAIN_LABEL = /^[\p{L}0-9](?:[\p{L}0-9-]{0,61}[\p{L}0-9])?$/u;

// The common case, all ASCII: an unquoted local part of atext with single dots, and a domain of
// 1..63-character labels. Anything it does not accept goes through the checks below, which give
// the reason; it never accepts what they would refuse.
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const ASCII_FAST = new RegExp(`^${ATEXT}+(?:\\.${ATEXT}+)*@${LABEL}(?:\\.${LABEL})+$`);

/** Trimmed, Unicode NFC, lower case. Plus-tags and dots are kept: they may be different mailboxes. */
export function normaliseEmail(raw: string): string {
  const t = raw.trim();
  // NFC changes nothing in ASCII text; skip it on the hot path of imports.
  // eslint-disable-next-line no-control-regex -- ASCII range check
  return (/^[\x00-\x7f]*$/.test(t) ? t : t.normalize('NFC')).toLowerCase();
}

type EmailIssue = { key: FieldKey; params: Record<string, unknown> };
const issue = (key: FieldKey, params: Record<string, unknown> = {}): EmailIssue => ({ key, params });

/** Which rule an address breaks, as a field key with its parameters; null when it is fine. */
export function emailIssue(raw: string): EmailIssue | null {
  const value = raw.trim();
  if (value.length <= EMAIL_MAX && ASCII_FAST.test(value) && value.indexOf('@') <= LOCAL_MAX) return null;
  if (value.length === 0) return issue('email_required');
  if (value.length > EMAIL_MAX) return issue('email_too_long', { max: EMAIL_MAX });
  if (/\s/u.test(value)) return issue('email_spaces');
  const at = value.split('@').length - 1;
  if (at === 0) return issue('email_no_at');
  if (at > 1) return issue('email_many_at');
  const [local = '', domain = ''] = value.split('@');
  if (local.length === 0) return issue('email_local_empty');
  if (local.length > LOCAL_MAX) return issue('email_local_too_long', { max: LOCAL_MAX });
  if (!LOCAL_PART.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return issue('email_local_chars');
  if (domain.length === 0) return issue('email_domain_empty');
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l))) return issue('email_domain_chars');
  return null;
}

/** Why an address is not acceptable, in English words; null when it is fine. */
export function emailProblem(raw: string): string | null {
  const found = emailIssue(raw);
  return found ? (FIELD_ERRORS[found.key] as (p: unknown) => string)(found.params) : null;
}

/** The email field of every form: trimmed, checked, with a message per problem. */
export const emailField = z
  .string({ error: 'Enter an email address.' })
  .max(EMAIL_MAX * 4, `An email address can be at most ${EMAIL_MAX} characters.`)
  .trim()
  .superRefine((v, ctx) => {
    const problem = emailIssue(v);
    if (problem) ctx.addIssue({ code: 'custom', ...rule(problem.key, { params: problem.params as never }) });
  });
