import { z } from 'zod';

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

/** Why an address is not acceptable, in words for the person typing it; null when it is fine. */
export function emailProblem(raw: string): string | null {
  const value = raw.trim();
  if (value.length <= EMAIL_MAX && ASCII_FAST.test(value) && value.indexOf('@') <= LOCAL_MAX) return null;
  if (value.length === 0) return 'Enter an email address.';
  if (value.length > EMAIL_MAX) return `An email address can be at most ${EMAIL_MAX} characters.`;
  if (/\s/u.test(value)) return 'An email address cannot contain spaces or line breaks.';
  const at = value.split('@').length - 1;
  if (at === 0) return 'An email address needs an @, as in name@example.com.';
  if (at > 1) return 'An email address has exactly one @.';
  const [local = '', domain = ''] = value.split('@');
  if (local.length === 0) return 'Enter the part before the @.';
  if (local.length > LOCAL_MAX) return `The part before the @ can be at most ${LOCAL_MAX} characters.`;
  if (!LOCAL_PART.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return 'The part before the @ contains characters an email address cannot have.';
  }
  if (domain.length === 0) return 'Enter the domain after the @, as in example.com.';
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l))) {
    return 'The domain after the @ may contain only letters, digits, hyphens and dots, as in example.com.';
  }
  return null;
}

/** The email field of every form: trimmed, checked, with a message per problem. */
export const emailField = z
  .string({ error: 'Enter an email address.' })
  .max(EMAIL_MAX * 4, `An email address can be at most ${EMAIL_MAX} characters.`)
  .trim()
  .superRefine((v, ctx) => {
    const problem = emailProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
