/**
 * Formula-injection neutralisation for exported cells.
 *
 * A spreadsheet treats a cell that begins with `=`, `+`, `-` or `@` as a formula (and tab, CR or LF
 * at the start can hide such a character from the eye, or be trimmed away by the program before
 * the formula check). Text typed by a customer ("=HYPERLINK(...)") must never run on a manager's
 * machine, so every text cell we write goes through `neutraliseCell`.
 *
 * The rule (reversible, so nobody loses data):
 *   - a cell that matches /^'*[=+\-@\t\r\n]/ (any run of apostrophes, possibly none, followed by a
 *     trigger character) gets ONE extra apostrophe in front;
 *   - every other cell is written as it is.
 *
 * Decoding removes one leading apostrophe from a cell that matches /^'+[=+\-@\t\r\n]/, and leaves
 * every other cell alone. Why the apostrophe run is part of the rule: without it, the text
 * `'=1` (which the user really typed) and the text `=1` (which we escaped to `'=1`) would look the
 * same in the file. With it, `'=1` is written as `''=1` and decodes back to `'=1` exactly.
 *
 * Proof sketch that decode(neutralise(s)) === s for every s:
 *   - if s matches A = /^'*T/, the output is "'" + s, which matches B = /^'+T/, and decode strips
 *     exactly that one apostrophe;
 *   - if s does not match A, the output is s; B is a subset of A, so s does not match B either,
 *     and decode leaves it alone.
 * And the output never begins with a trigger: if s begins with one, s matches A and gets a prefix.
 */

/** Characters that make a spreadsheet read a cell as a formula, or hide the one that does. */
export const TRIGGER_CHARS = ['=', '+', '-', '@', '\t', '\r', '\n'] as const;

const NEEDS_PREFIX = /^'*[=+\-@\t\r\n]/;
const WAS_PREFIXED = /^'+[=+\-@\t\r\n]/;

/** Makes one text cell safe to open in a spreadsheet; reversible with `decodeCell`. */
export function neutraliseCell(text: string): string {
  return NEEDS_PREFIX.test(text) ? `'${text}` : text;
}

/** The exact original text of a cell written by `neutraliseCell`. */
export function decodeCell(text: string): string {
  return WAS_PREFIXED.test(text) ? text.slice(1) : text;
}

/** True when a spreadsheet could read this text as a formula (first character is a trigger). */
export function beginsWithTrigger(text: string): boolean {
  return text.length > 0 && (TRIGGER_CHARS as readonly string[]).includes(text[0]!);
}
