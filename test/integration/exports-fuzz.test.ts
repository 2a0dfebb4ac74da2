import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { beginsWithTrigger, decodeCell } from '../../src/main/exports/neutralise';
import { unescapeXlsxText } from '../../src/main/exports/xlsx-text';
import { writeExport } from '../../src/main/exports/write-export';
import type { Cell } from '../../src/main/exports/types';
import type { ExportFormat } from '../../src/shared/contract/exports';
import { tempDir } from '../support/core';
import { rng } from '../support/rng';

// Heavy on what breaks exports: triggers, apostrophes, quotes, separators, line breaks, things that
// look like XLSX escapes or XML entities, control characters and a spread of Unicode (astral
// characters as proper surrogate pairs; lone surrogates are not text and SQLite cannot store them).
const TRIGGERS = ['=', '+', '-', '@', '\t', '\r', '\n'];
const HOSTILE = [...TRIGGERS, "'", "''", '"', ',', ';', '\r\n', ' ', '_x0041_', '_x', '_', '&amp;', '&lt;', '&', '<', '>', '\u0000', '\u0001', '\u001f', '\u007f', '\u0085', '\u00a0', '\u2028', '\u200b', '\ufeff', '\u202e'];
const UNICODE = ['é', 'ß', 'Ω', 'Ж', '中', '文', 'ع', '😀', '👩‍💻', '𝔘', 'e\u0301', 'ﬁ', '\uFFFD'];
const PLAIN = ['a', 'Z', '0', '7', 'SUM(A1:A9)', 'cmd|', "' ", 'HYPERLINK("http://x")', 'DDE', ' '];
const FORMATS: ExportFormat[] = ['csv', 'csv_bom', 'csv_excel_fi', 'xlsx'];

function hostileCell(next: () => number): string {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const parts: string[] = [];
  // Half of the cells open with a trigger, some behind a run of apostrophes.
  const r = next();
  if (r < 0.35) parts.push(pick(TRIGGERS));
  else if (r < 0.5) parts.push("'".repeat(1 + Math.floor(next() * 3)), pick(TRIGGERS));
  const len = Math.floor(next() * 12);
  for (let i = 0; i < len; i++) {
    const k = next();
    parts.push(k < 0.45 ? pick(HOSTILE) : k < 0.7 ? pick(UNICODE) : pick(PLAIN));
  }
  return parts.join('');
}

const COLS = 10;
const ROWS = 1000; // 10,000 cells per format

function hostileRows(seed: number): string[][] {
  const next = rng(seed);
  return Array.from({ length: ROWS }, () => Array.from({ length: COLS }, () => hostileCell(next)));
}

const dir = tempDir('ixo-export-fuzz-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function readBack(format: ExportFormat, file: string): Promise<string[][]> {
  if (format === 'xlsx') {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const out: string[][] = [];
    wb.worksheets[0]!.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: string[] = [];
      for (let c = 1; c <= COLS; c++) {
        const v = row.getCell(c).value;
        if (v !== null && typeof v !== 'string') throw new Error(`row ${n} col ${c}: expected text, got ${JSON.stringify(v)}`);
        // An empty string and an empty cell are the same thing in XLSX.
        cells.push(v ?? '');
      }
      out.push(cells);
    });
    return out;
  }
  const buf = fs.readFileSync(file);
  expect(buf.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(format !== 'csv');
  // The Finnish Excel preset separates with semicolons; every record ends in CRLF in both.
  return parse(buf, { bom: true, relax_column_count: false, delimiter: format === 'csv_excel_fi' ? ';' : ',', record_delimiter: '\r\n' }) as string[][];
}

describe('10,000 hostile cells per format', () => {
  const seed = Number(process.env['FUZZ_SEED'] ?? Date.now() % 1_000_000);
  for (const format of FORMATS) {
    it(`${format}: no written cell starts with a trigger and every cell decodes to its original (seed ${seed})`, async () => {
      const rows = hostileRows(seed);
      // Make sure the generator did its job: plenty of cells open with a trigger.
      const openers = rows.flat().filter(beginsWithTrigger).length;
      expect(openers).toBeGreaterThan(3000);

      const file = path.join(dir, `fuzz-${seed}.${format}`);
      const headers = Array.from({ length: COLS }, (_, i) => `=col${i}`);
      const result = await writeExport({
        file,
        format,
        columns: headers.map((header) => ({ header })),
        sheetName: 'Fuzz',
        rows: rows as Cell[][],
        total: ROWS,
        progress: () => undefined,
        checkpoint: async () => undefined,
      });
      expect(result.rows).toBe(ROWS);

      const back = await readBack(format, file);
      expect(back).toHaveLength(ROWS + 1);
      const decode = format === 'xlsx' ? (s: string) => decodeCell(unescapeXlsxText(s)) : decodeCell;
      const written = back.flat();
      expect(written.filter(beginsWithTrigger)).toEqual([]);
      expect(back[0]!.map(decode)).toEqual(headers);
      let mismatches = 0;
      for (let r = 0; r < ROWS; r++) {
        for (let c = 0; c < COLS; c++) {
          const got = decode(back[r + 1]![c]!);
          if (got !== rows[r]![c]) {
            mismatches++;
            if (mismatches <= 5) expect.soft(JSON.stringify(got)).toBe(JSON.stringify(rows[r]![c]));
          }
        }
      }
      expect(mismatches).toBe(0);
    });
  }
});

describe('CSV buffering', () => {
  it('keeps multi-byte text whole across buffer boundaries and writes cells larger than the buffer', async () => {
    const next = rng(7);
    const rows: string[][] = [];
    // ~3 MB of text with 2-, 3- and 4-byte UTF-8 characters, so records straddle every 1 MB boundary.
    for (let i = 0; i < 20_000; i++) rows.push([`${i}`, 'Åsa–中文😀'.repeat(1 + Math.floor(next() * 8)), hostileCell(next)]);
    // A single cell bigger than the whole buffer.
    rows.splice(10_000, 0, ['giant', '😀é'.repeat(400_000), '=end']);
    const file = path.join(dir, 'big.csv');
    const result = await writeExport({
      file,
      format: 'csv',
      columns: [{ header: 'n' }, { header: 'text' }, { header: 'hostile' }],
      sheetName: 'Big',
      rows,
      total: rows.length,
      progress: () => undefined,
      checkpoint: async () => undefined,
    });
    expect(result.bytes).toBeGreaterThan(3 * (1 << 20));
    const back = (parse(fs.readFileSync(file)) as string[][]).slice(1).map((r) => r.map(decodeCell));
    expect(back.length).toBe(rows.length);
    expect(back).toEqual(rows);
  });
});
