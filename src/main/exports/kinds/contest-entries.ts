import type { Database } from 'better-sqlite3-multiple-ciphers';
import { appError } from '../../../shared/errors';
import type { Ctx } from '../../context';
import { suppressionFilter, suppressionKeyHex } from '../../accounts/suppression';
import type { Cell, ExportColumn } from '../types';
import { packedChunks } from './packed';
import { slug, type ExportKindDef, type ExportSource, type PreparedExport } from './types';

/**
 * Contest and survey entries of one event (contests.db, policy 2d). Reads the booth's tables
 * read-only with SQL of its own, so a change in the booth's repository functions cannot break
 * an export halfway through.
 */

interface EventRow {
  id: number;
  name: string;
  starts_on: string;
}

interface QuestionRow {
  id: number;
  kind: 'text' | 'single' | 'multiple' | 'rating';
  prompt: string;
  retired: 0 | 1;
}

function findEvent(db: Database, eventId: number): EventRow {
  const ev = db.prepare('SELECT id, name, starts_on FROM events WHERE id = ?').get(eventId) as EventRow | undefined;
  if (!ev) throw appError('exports.event_gone');
  return ev;
}

function prepareFor(what: string) {
  return (ctx: Ctx, filters: { eventId: number }): PreparedExport => {
    const ev = findEvent(ctx.stores.contests, filters.eventId);
    return {
      baseName: `${what}-${slug(ev.name)}-${ev.starts_on}`,
      sheetName: what === 'entries' ? 'Entries' : 'Marketing consent',
      subject: { type: 'event', id: ev.id },
      secrets: {},
    };
  };
}

/**
 * How to read an event's entries in capture order (ORDER BY id) without hurting. Hazards, both
 * measured with 1M entries: through the (event_id, local_hour) index SQLite either sorts every
 * row in a temporary b-tree, or, in the index's own order, jumps around the table page by page
 * (entries of different hours interleave), which was 3x slower than reading the whole table.
 * So: when the event holds a good share of all entries, scan the table in rowid order (no sort,
 * sequential pages) and skip other events' rows; when it is a small part of a big table, use the
 * index and let SQLite sort the few rows, in memory (never in a temporary file: it is personal
 * data in clear).
 */
function entryScan(db: Database, eventId: number): { from: string; rowidOrder: boolean; eventRows: number } {
  const eventRows = (db.prepare('SELECT count(*) AS n FROM entries WHERE event_id = ?').get(eventId) as { n: number }).n;
  // The table's size only steers the choice: its largest rowid (one seek) stands in for a count,
  // which would read a whole index. Rowids only go up, so this overstates it by deleted rows at most.
  const allRows = (db.prepare('SELECT ifnull(max(id), 0) AS n FROM entries').get() as { n: number }).n;
  db.pragma('temp_store = MEMORY');
  const rowidOrder = eventRows * 20 >= allRows;
  return { from: rowidOrder ? 'entries e NOT INDEXED' : 'entries e', rowidOrder, eventRows };
}

/** Every question the event ever had, answered or not: retired ones keep their old answers. */
function questions(db: Database, eventId: number): QuestionRow[] {
  return db.prepare('SELECT id, kind, prompt, retired FROM survey_questions WHERE event_id = ? ORDER BY retired, position, id').all(eventId) as QuestionRow[];
}

/**
 * SQL that pulls one answer out of the JSON; question ids are integers from the database. A
 * multiple-choice answer (a list of option texts) becomes "a; b" in SQLite too, so the CSV path,
 * which never sees the values in JS, writes what the XLSX path writes. json_each walks a list in
 * its order; "ORDER BY key" would say so again at the price of a sort per entry (0.3 s per 1M,
 * measured), and the export tests compare the lists with the database.
 */
const answerSql = (q: QuestionRow) =>
  q.kind === 'multiple'
    ? `(SELECT group_concat(value, '; ') FROM json_each(e.answers, '$.q${Math.trunc(q.id)}'))`
    : `json_extract(e.answers, '$.q${Math.trunc(q.id)}')`;

/** Rows per packed chunk: progress and cancel checks come between chunks. */
const ROWS_PER_CHUNK = 2000;

const ENTRY_COLUMNS: ExportColumn[] = [
  { header: 'Entry ID', width: 38 },
  { header: 'Captured at (UTC)', width: 26 },
  { header: 'Name', width: 24 },
  { header: 'Email', width: 30 },
  { header: 'Phone', width: 18 },
  { header: 'Address', width: 36 },
  { header: 'Title', width: 20 },
  { header: 'Company', width: 24 },
  { header: 'Marketing consent', width: 12 },
  { header: 'Possible duplicate of', width: 38 },
];

export const contestEntries: ExportKindDef<'contest_entries'> = {
  kind: 'contest_entries',
  requires: { contests: ['events', 'entries', 'survey_questions'] },
  prepare: prepareFor('entries'),
  open(open, filters): ExportSource {
    const db = open('contests');
    // One read transaction: the count and the rows come from the same snapshot.
    db.exec('BEGIN');
    const qs = questions(db, filters.eventId);
    const { from, rowidOrder, eventRows: total } = entryScan(db, filters.eventId);
    const columns = [
      'e.uuid',
      'e.captured_at',
      'e.name',
      'e.email',
      'e.phone',
      'e.address',
      'e.title',
      'e.company',
      "CASE e.marketing_consent WHEN 1 THEN 'yes' ELSE 'no' END",
      'e.duplicate_of',
      ...qs.map(answerSql),
    ];
    // Answers are JSON: a number there reads as a REAL when it is not a whole number.
    const realColumns = qs.flatMap((q, i) => (q.kind === 'multiple' ? [] : [ENTRY_COLUMNS.length + i]));
    const stmt = db.prepare(`SELECT ${columns.join(', ')} FROM ${from} WHERE e.event_id = ? ORDER BY e.id`).raw(true);
    return {
      columns: [...ENTRY_COLUMNS, ...qs.map((q) => ({ header: q.retired ? `${q.prompt} (retired question)` : q.prompt, width: 24 }))],
      total,
      // Lazy: the statement starts only if the writer reads rows rather than packed chunks.
      rows: { [Symbol.iterator]: () => (stmt.iterate(filters.eventId) as Iterator<Cell[]>) },
      packed: rowidOrder ? packedChunks(db, { columns, realColumns, from, where: 'e.event_id = ?', params: [filters.eventId], rowsPerChunk: ROWS_PER_CHUNK }) : undefined,
    };
  },
};

const MARKETING_COLUMNS: ExportColumn[] = [
  { header: 'Entry ID', width: 38 },
  { header: 'Name', width: 24 },
  { header: 'Email', width: 30 },
  { header: 'Phone', width: 18 },
  { header: 'Address', width: 36 },
  { header: 'Title', width: 20 },
  { header: 'Company', width: 24 },
  { header: 'Consent given at (UTC)', width: 26 },
  { header: 'Consent notice version', width: 12 },
];

/**
 * Entrants whose marketing consent is current and who are not suppressed (policy 1a, 2d). One row
 * per address: when someone entered twice, the newest entry decides, so a later "no" wins over an
 * earlier "yes". Suppression is checked against customers.db by keyed hash of the address.
 */
export const contestMarketing: ExportKindDef<'contest_marketing'> = {
  kind: 'contest_marketing',
  requires: { contests: ['events', 'entries', 'entry_consent_events', 'event_texts'], customers: ['suppression'] },
  async prepare(ctx, filters) {
    const prepared = prepareFor('marketing')(ctx, filters);
    prepared.secrets.suppressionKeyHex = await suppressionKeyHex(ctx.deps.vault, ctx.services.settings, ctx.stores.customers);
    return prepared;
  },
  open(open, filters, secrets): ExportSource {
    if (!secrets.suppressionKeyHex) throw new Error('the suppression key was not passed to the export');
    const db = open('contests');
    const customers = open('customers');
    db.exec('BEGIN');
    customers.exec('BEGIN');
    const where = `e.event_id = ? AND e.marketing_consent = 1
      AND e.id = (SELECT max(e2.id) FROM entries e2 WHERE e2.event_id = e.event_id AND e2.email_norm = e.email_norm)`;
    const { from } = entryScan(db, filters.eventId);
    const total = (db.prepare(`SELECT count(*) AS n FROM entries e WHERE ${where}`).get(filters.eventId) as { n: number }).n;
    const stmt = db.prepare(
      `SELECT e.uuid, e.name, e.email, e.phone, e.address, e.title, e.company, c.at, t.version
       FROM ${from}
       LEFT JOIN entry_consent_events c ON c.id = (SELECT max(id) FROM entry_consent_events WHERE entry_id = e.id AND granted = 1)
       LEFT JOIN event_texts t ON t.id = c.notice_text_id
       WHERE ${where} ORDER BY e.id`,
    );
    const suppressed = suppressionFilter(customers, secrets.suppressionKeyHex, 'email_marketing');
    const source = stmt.raw(true).iterate(filters.eventId) as Iterable<Cell[]>;
    return {
      columns: MARKETING_COLUMNS,
      total,
      rows: (function* () {
        for (const row of source) if (!suppressed(row[2] as string)) yield row;
      })(),
    };
  },
};
