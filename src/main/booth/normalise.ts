/**
 * The phone number's normal form for duplicate detection: digits only, with a leading '+' when the
 * number was typed in international form ('00' counts as '+'). "+358 40 123 4567", "+358-40-1234567"
 * and "00358401234567" are one number. A national number ("040 123 4567") is kept as typed digits:
 * the booth cannot know which country it belongs to. Emails use src/shared/email.ts normaliseEmail.
 */
export function normalisePhone(raw: string): string {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (digits === '') return '';
  if (trimmed.startsWith('+')) return `+${digits}`;
  if (digits.startsWith('00') && digits.length > 4) return `+${digits.slice(2)}`;
  return digits;
}
