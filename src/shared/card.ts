/**
 * Full card numbers are refused everywhere (policy 4). "Looks like a card number" means a run of
 * 13 to 19 digits, split or not by separators, that passes the Luhn check. A separator is any run
 * of characters that are neither letters nor digits (spaces of any kind, dots, slashes, dashes,
 * tabs, line breaks); full-width and other compatibility digits count as digits.
 */
const DIGIT_RUN = /[0-9]+(?:[^\p{L}\p{N}]+[0-9]+)*/gu;
const SEPARATOR = /[^\p{L}\p{N}]+/u;
/** The same two patterns for text that is all ASCII (most input): the same matches, several times faster. */
const ASCII_DIGIT_RUN = /[0-9]+(?:[^A-Za-z0-9]+[0-9]+)*/g;
const ASCII_SEPARATOR = /[^A-Za-z0-9]+/;
// eslint-disable-next-line no-control-regex
const ALL_ASCII = /^[\x00-\x7f]*$/;
/** Record ids are UUIDs; their digit groups alone pass the Luhn check about once in 350. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * A run of digit groups ("4111 1111 1111 1111 12 25") is checked group-aligned: every contiguous
 * span of whole groups holding 13 to 19 digits is a candidate. Splitting inside a group is not
 * done, so a 20-digit reference number is not mistaken for a card.
 */
export function containsCardNumber(text: string): boolean {
  if (text.length < 13) return false;
  // NFKC reads full-width digits (U+FF10..) as 0-9; UUIDs go first, as they are stored, before the
  // separators could join their digit groups to neighbouring numbers.
  const ascii = ALL_ASCII.test(text);
  const plain = ascii ? text.replace(UUID, 'x') : text.replace(UUID, 'x').normalize('NFKC');
  for (const match of plain.matchAll(ascii ? ASCII_DIGIT_RUN : DIGIT_RUN)) {
    const groups = match[0].split(ascii ? ASCII_SEPARATOR : SEPARATOR);
    for (let first = 0; first < groups.length; first++) {
      let digits = '';
      for (let last = first; last < groups.length; last++) {
        digits += groups[last];
        if (digits.length > 19) break;
        if (digits.length >= 13 && luhnValid(digits)) return true;
      }
    }
  }
  return false;
}

export const CARD_NUMBER_MESSAGE =
  'This looks like a full card number. Card numbers are never stored: keep only the card brand and last four digits.';

/** Walks any input value and returns the path of the first string holding a card number. */
export function findCardNumber(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return containsCardNumber(value) ? path.join('.') || '(input)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findCardNumber(value[i], [...path, String(i)]);
      if (hit !== null) return hit;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const hit = findCardNumber(v, [...path, k]);
      if (hit !== null) return hit;
    }
  }
  return null;
}
