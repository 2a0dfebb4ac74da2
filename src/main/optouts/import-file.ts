import { appError, fieldIssue, importFileMessage, type ImportFileReason } from '../../shared/errors';
import { containsCardNumber } from '../../shared/card';
import { createHash } from 'node:crypto';
import type { ImportInvalidRow } from '../../shared/contract/optouts';
import { LISTS, OPT_OUT_REASONS, type MailingList, type OptOutReason } from '../../shared/customers-lists';
import { EMAIL_MAX, emailProblem, normaliseEmail } from '../../shared/email';
import { CsvFileError, readCsv, type CsvRecord } from './csv';

/** A problem with the whole file: nothing is imported. */
/** A whole-file problem: nothing is imported. `reason` and `params` let the renderer word it. */
export class ImportFileError extends Error {
  constructor(
    readonly reason: ImportFileReason,
    readonly params: { detail?: string; max?: number } = {},
  ) {
    super(importFileMessage(reason, params));
  }
}

export interface ImportRow {
  line: number;
  email: string;
  emailNorm: string;
  lists: readonly MailingList[];
  reason: OptOutReason;
  date: string;
}

export interface ParsedImport {
  sha256: string;
  /** Data rows in the file (the header not counted). */
  total: number;
  rows: ImportRow[];
  invalid: ImportInvalidRow[];
}

export const IMPORT_MAX_ROWS = 2_000_000;
const CELL_MAX = 64;
const COLUMNS = ['email', 'list', 'reason', 'date'] as const;

// Maps, not object literals: a cell such as "constructor" must not find Object.prototype members.
const LIST_NAMES = new Map<string, readonly MailingList[]>([
  ['all', LISTS],
  ['technical_advisories', ['technical_advisories']],
  ['advisories', ['technical_advisories']],
  ['call_detail_reports', ['call_detail_reports']],
  ['call_details', ['call_detail_reports']],
  ['email_marketing', ['email_marketing']],
  ['marketing', ['email_marketing']],
]);

const REASON_NAMES = new Map<string, OptOutReason>([...OPT_OUT_REASONS.map((r) => [r, r] as const), ['webform', 'web_form'], ['web', 'web_form'], ['e_mail', 'email']]);

const keyOf = (v: string) => v.trim().toLowerCase().replace(/[\s-]+/g, '_');

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\u0000/;

/**
 * The renderer decodes the file as strict UTF-8 before sending it; this catches text that was
 * decoded leniently somewhere on the way (replacement characters) or was never text.
 */
export function checkEncoding(content: string): void {
  if (content.includes('\ufffd') || LONE_SURROGATE.test(content)) {
    throw new ImportFileError('not_utf8');
  }
}

function excerpt(cells: string[]): string {
  const s = cells.join(',');
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

/** The trigger a cell starts with (after leading spaces), or null. */
function formulaTrigger(raw: string): string | null {
  let i = 0;
  while (raw.charCodeAt(i) === 32) i++;
  const c = raw.charCodeAt(i);
  // '=' '+' '-' '@' or a tab
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 ? raw[i]! : null;
}

function formulaMessage(name: string, trigger: string): string {
  return `The ${name} cell starts with "${trigger === '\t' ? 'a tab' : trigger}", which spreadsheet programs run as a formula. Fix the cell and import again.`;
}

function invalidCell(name: string, raw: string, plainFile: boolean): string | null {
  const trigger = formulaTrigger(raw);
  if (trigger !== null) return formulaMessage(name, trigger);
  if (!plainFile && (CONTROL.test(raw) || /[\r\n]/.test(raw))) return `The ${name} cell contains line breaks or control characters.`;
  if (raw.trim().length === 0) return `The ${name} cell is empty.`;
  if (name !== 'email' && raw.length > CELL_MAX) return `The ${name} cell is too long.`;
  return null;
}

const datesSeen = new Map<string, boolean>();
function isRealDateCached(date: string): boolean {
  let ok = datesSeen.get(date);
  if (ok === undefined) {
    ok = isRealDate(date);
    if (datesSeen.size < 100_000) datesSeen.set(date, ok);
  }
  return ok;
}

/** One data record: the row, or why it is refused. */
function checkRecord(rec: CsvRecord, order: readonly number[], today: string, plainFile: boolean): ImportRow | string {
  const cells = rec.cells;
  // A formula-looking cell is named first: it is the more useful reason, whatever else is wrong.
  for (let c = 0; c < cells.length; c++) {
    const trigger = formulaTrigger(cells[c]!);
    if (trigger !== null) return formulaMessage(order.indexOf(c) >= 0 ? COLUMNS[order.indexOf(c)]! : `column ${c + 1}`, trigger);
  }
  if (rec.problem) return rec.problem;
  if (cells.length !== COLUMNS.length) return `The row has ${cells.length} cells; it needs ${COLUMNS.length} (email, list, reason, date).`;
  for (let c = 0; c < COLUMNS.length; c++) {
    const problem = invalidCell(COLUMNS[c]!, cells[order[c]!]!, plainFile);
    if (problem) return problem;
  }
  const rawList = cells[order[1]!]!;
  const rawReason = cells[order[2]!]!;
  const email = cells[order[0]!]!.trim();
  if (email.length > EMAIL_MAX) return `The email is longer than ${EMAIL_MAX} characters.`;
  const emailIssue = emailProblem(email);
  if (emailIssue) return `Email: ${emailIssue}`;
  const lists = LIST_NAMES.get(rawList) ?? LIST_NAMES.get(keyOf(rawList));
  if (!lists) return `Unknown list "${rawList.trim()}". Use technical_advisories, call_detail_reports, email_marketing or all.`;
  const reason = REASON_NAMES.get(rawReason) ?? REASON_NAMES.get(keyOf(rawReason));
  if (!reason) return `Unknown reason "${rawReason.trim()}". Use email, phone, web_form, bounce or other.`;
  const date = cells[order[3]!]!.trim();
  if (!isRealDateCached(date)) return `"${date}" is not a date. Write dates as YYYY-MM-DD.`;
  if (date > today) return `The date ${date} is in the future.`;
  if (date < '1990-01-01') return `The date ${date} is too far in the past.`;
  return { line: rec.line, email, emailNorm: normaliseEmail(email), lists, reason, date };
}

/** Identifies a file's exact content (the preview's plan is used only for the very same file). */
export const fileSha256 = (content: string | Uint8Array): string => (typeof content === 'string' ? createHash('sha256').update(content, 'utf8') : createHash('sha256').update(content)).digest('hex');

/**
 * The card-number rule of every text field, for the import file: dispatch leaves the file to the
 * import jobs (scanning megabytes would stall the main thread), so they refuse it here, with the
 * same error, before they read or write anything.
 */
export function refuseCardNumbers(content: string): void {
  if (containsCardNumber(content)) throw appError('input.card_number', {}, [fieldIssue('content', 'card_number')]);
}

/**
 * Reads and checks a whole import file. File-level problems (encoding, header, quoting) throw
 * ImportFileError before anything is written; row-level problems are listed with their reason and
 * those rows are skipped.
 */
export function parseImportFile(content: string, today: string): ParsedImport {
  checkEncoding(content);
  const sha256 = fileSha256(content);
  const rows: ImportRow[] = [];
  const invalid: ImportInvalidRow[] = [];
  let order: number[] | null = null;
  let total = 0;
  // No control characters and no quotes anywhere: no cell can hold a line break or a control
  // character, so the per-cell search for them is skipped (the common case, and a million rows).
  const plainFile = !CONTROL.test(content) && !content.includes('"');
  try {
    readCsv(content, (rec) => {
      if (!order) {
        const names = rec.cells.map((c) => c.trim().toLowerCase());
        const idx = COLUMNS.map((c) => names.indexOf(c));
        if (idx.some((i) => i < 0) || names.length !== COLUMNS.length) {
          throw new ImportFileError('bad_header');
        }
        order = idx;
        return;
      }
      total++;
      if (total > IMPORT_MAX_ROWS) throw new ImportFileError('too_many_rows', { max: IMPORT_MAX_ROWS });
      const checked = checkRecord(rec, order, today, plainFile);
      if (typeof checked === 'string') invalid.push({ line: rec.line, excerpt: excerpt(rec.cells), reason: checked });
      else rows.push(checked);
    });
  } catch (e) {
    if (e instanceof CsvFileError) throw new ImportFileError('csv', { detail: e.message });
    throw e;
  }
  if (!order) throw new ImportFileError('empty');
  if (total === 0) throw new ImportFileError('no_rows');
  return { sha256, total, rows, invalid };
}

function isRealDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(date);
}
