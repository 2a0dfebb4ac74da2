import fs from 'node:fs';
import path from 'node:path';
import DatabaseCtor, { type Database } from 'better-sqlite3-multiple-ciphers';
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodePacked, packedWorstCase } from '../../src/main/exports/csv-writer';
import { packedChunks } from '../../src/main/exports/kinds/packed';
import { beginsWithTrigger, decodeCell } from '../../src/main/exports/neutralise';
import type { Cell } from '../../src/main/exports/types';
import { writeExport } from '../../src/main/exports/write-export';
import type { ExportFormat } from '../../src/shared/contract/exports';
import { tempDir } from '../support/core';
import { rng } from '../support/rng';

/**
 * The CSV writer's packed path (SQLite joins the fields, the writer encodes bytes) must write the
 * very same file as the cell-by-cell path: same neutralisation, same quoting, same bytes.
 */

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r', '\n'];
// US and RS are the packed separators: a cell holding one must make its chunk fall back, not break.
const PIECES = [...TRIGGERS, "'", "''", '"', ',', ';', '\r\n', ' ', '\u001f', '\u001e', '\u0000', 'é', '中', '😀', '👩‍💻', 'a', 'Z', '0', 'SUM(A1)', '""'];
const COLS = 8;

function hostileCell(next: () => number, rare: boolean): Cell {
  const r = next();
  if (r < 0.05) return null;
  if (r < 0.1) return Math.floor(next() * 2000) - 1000;
  const parts: string[] = [];
  const s = next();
  if (s < 0.35) parts.push(TRIGGERS[Math.floor(next() * TRIGGERS.length)]!);
  else if (s < 0.5) parts.push("'".repeat(1 + Math.floor(next() * 3)), TRIGGERS[Math.floor(next() * TRIGGERS.length)]!);
  const len = Math.floor(next() * 10);
  for (let i = 0; i < len; i++) {
    const piece = PIECES[Math.floor(next() * PIECES.length)]!;
    // Separators only now and then, so most chunks take the packed path.
    if (!rare && (piece === '\u001f' || piece === '\u001e')) continue;
    parts.push(piece);
  }
  return parts.join('');
}

let db: Database;
const dir = tempDir('ixo-export-packed-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  db = new DatabaseCtor(':memory:');
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, grp INTEGER NOT NULL, ${Array.from({ length: COLS }, (_, i) => `c${i} ANY`).join(', ')}) STRICT`);
});
afterEach(() => db.close());

function seed(rows: Cell[][], grp = 1): void {
  const insert = db.prepare(`INSERT INTO t (grp, ${Array.from({ length: COLS }, (_, i) => `c${i}`).join(', ')}) VALUES (?, ${Array.from({ length: COLS }, () => '?').join(', ')})`);
  // Whole numbers go in as INTEGER (a JS number would be bound as a REAL).
  db.transaction(() => rows.forEach((r) => insert.run(grp, ...r.map((c) => (typeof c === 'number' && Number.isInteger(c) ? BigInt(c) : c)))))();
}

const columns = Array.from({ length: COLS }, (_, i) => `e.c${i}`);
const query = (rowsPerChunk: number, realColumns: number[] = []) => ({ columns, realColumns, from: 't e', where: 'e.grp = ?', params: [1], rowsPerChunk });

async function exportBoth(format: ExportFormat, rowsPerChunk: number, realColumns: number[] = []): Promise<{ packed: Buffer; cells: Buffer; rows: number }> {
  const cellRows = db.prepare(`SELECT ${columns.join(', ')} FROM t e WHERE e.grp = 1 ORDER BY e.id`).raw(true).all() as Cell[][];
  const out: Buffer[] = [];
  let rows = 0;
  for (const usePacked of [true, false]) {
    const file = path.join(dir, `${usePacked ? 'packed' : 'cells'}-${Date.now()}-${Math.random()}.csv`);
    const r = await writeExport({
      file,
      format,
      columns: columns.map((header) => ({ header })),
      sheetName: 'x',
      rows: cellRows,
      packed: usePacked ? packedChunks(db, query(rowsPerChunk, realColumns)) : undefined,
      total: cellRows.length,
      progress: () => undefined,
      checkpoint: async () => undefined,
    });
    rows = r.rows;
    out.push(fs.readFileSync(file));
  }
  return { packed: out[0]!, cells: out[1]!, rows };
}

describe('packed CSV path', () => {
  const seedNo = Number(process.env['FUZZ_SEED'] ?? Date.now() % 1_000_000);

  it(`writes exactly the bytes of the cell path for 10,000 hostile cells, separators in cells included (seed ${seedNo})`, async () => {
    const next = rng(seedNo);
    // 1250 rows x 8 columns; a few rows carry US/RS bytes, so some chunks fall back to cells.
    const rows = Array.from({ length: 1250 }, (_, r) => Array.from({ length: COLS }, () => hostileCell(next, r % 97 === 5)));
    seed(rows);
    seed([['other group', null, null, null, null, null, null, null]], 2);
    // Both ways were really taken: most chunks packed, the ones with a US or RS in a cell as cells.
    const outcomes = [...packedChunks(db, query(64))].map((c) => encodePacked(c.bytes!, c.records, COLS, Buffer.alloc(packedWorstCase(c.bytes!.length, c.records, COLS)), 0) >= 0);
    expect(outcomes.filter(Boolean).length).toBeGreaterThan(5);
    expect(outcomes.filter((ok) => !ok).length).toBeGreaterThan(2);
    for (const format of ['csv', 'csv_bom'] as const) {
      const { packed, cells, rows: written } = await exportBoth(format, 64);
      expect(written).toBe(rows.length);
      expect(packed.equals(cells)).toBe(true);
      const back = (parse(packed, { bom: true }) as string[][]).slice(1);
      expect(back.flat().filter(beginsWithTrigger)).toEqual([]);
      expect(back.map((r) => r.map(decodeCell))).toEqual(rows.map((r) => r.map((c) => (c === null ? '' : String(c)))));
    }
  });

  it('chunks by rowid without losing or repeating rows, whatever the chunk size', async () => {
    const rows = Array.from({ length: 301 }, (_, i) => [`row ${i}`, i, `=x${i}`, null, 'a,b', '"q"', "'", '中😀']);
    seed(rows);
    for (const size of [1, 7, 300, 301, 5000]) {
      const chunks = [...packedChunks(db, query(size))];
      expect(chunks.reduce((n, c) => n + c.records, 0)).toBe(rows.length);
      const { packed, cells } = await exportBoth('csv', size);
      expect(packed.toString('utf8')).toBe(cells.toString('utf8'));
    }
  });

  it('encodes a chunk larger than the write buffer on its own, whole', async () => {
    const rows = [['small', 1, null, null, null, null, null, null], ['=big "é"'.repeat(400_000), 2, 'a,b', null, null, null, null, null], ['after', 3, null, null, null, null, null, null]];
    seed(rows);
    const { packed, cells } = await exportBoth('csv', 10);
    expect(packed.length).toBeGreaterThan(4 << 20);
    expect(packed.equals(cells)).toBe(true);
  });

  it('writes a chunk with a REAL in a column that may hold one from its cells, as JS writes numbers', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => [`r${i}`, i, 'x', null, null, null, null, null]);
    seed(rows);
    db.prepare('UPDATE t SET c1 = 4.0 WHERE id = 20').run();
    db.prepare('UPDATE t SET c1 = -0.5 WHERE id = 21').run();
    const { packed, cells } = await exportBoth('csv', 8, [1]);
    expect(packed.toString('utf8')).toBe(cells.toString('utf8'));
    expect(packed.toString('utf8')).toContain('\r\nr19,4,x,,,,,\r\nr20,\'-0.5,x,');
    const chunks = [...packedChunks(db, query(8, [1]))];
    expect(chunks.map((c) => c.bytes === null)).toEqual([false, false, true, false, false, false, false]);
  });

  it('refuses a chunk whose separators do not add up, and writes nothing of it', () => {
    const dst = Buffer.alloc(256, 0x78);
    const good = Buffer.from('7\u001fa\u001f=b\u001e12\u001fq"\u001f', 'utf8');
    const end = encodePacked(good, 2, 2, dst, 0);
    expect(dst.subarray(0, end).toString('utf8')).toBe('a,\'=b\r\n"q""",\r\n');
    expect(end).toBeLessThanOrEqual(packedWorstCase(good.length, 2, 2));
    // A US inside a field: three fields where two were packed.
    expect(encodePacked(Buffer.from('1\u001fa\u001fb\u001fc', 'utf8'), 1, 2, dst, 0)).toBe(-1);
    // An RS inside a field: one record more than SQLite packed.
    expect(encodePacked(Buffer.from('1\u001fa\u001fb\u001ec\u001fd', 'utf8'), 1, 2, dst, 0)).toBe(-1);
    expect(encodePacked(Buffer.from('1\u001fa', 'utf8'), 1, 2, dst, 0)).toBe(-1);
    // Records out of rowid order, or without a key.
    expect(encodePacked(Buffer.from('12\u001fa\u001fb\u001e7\u001fc\u001fd', 'utf8'), 2, 2, dst, 0)).toBe(-1);
    expect(encodePacked(Buffer.from('a\u001fb', 'utf8'), 1, 2, dst, 0)).toBe(-1);
  });

  it('is not used for XLSX, which reads the rows', async () => {
    seed([['=a', 1, null, null, null, null, null, null]]);
    const file = path.join(dir, 'rows.xlsx');
    let packedRead = false;
    const r = await writeExport({
      file,
      format: 'xlsx',
      columns: columns.map((header) => ({ header })),
      sheetName: 'x',
      rows: [['=a', 1, null, null, null, null, null, null]],
      packed: {
        [Symbol.iterator]() {
          packedRead = true;
          return [][Symbol.iterator]();
        },
      },
      total: 1,
      progress: () => undefined,
      checkpoint: async () => undefined,
    });
    expect(r.rows).toBe(1);
    expect(packedRead).toBe(false);
  });
});
