/**
 * A small RFC 4180 reader for opt-out imports. Written here rather than taken from csv-parse because
 * the import must read a million rows in well under a second, and it must report problems per row
 * (with the line they start on) instead of giving up on the first odd line.
 */

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  cells: string[];
  /** A quoting error in this record (the record is still returned, so it can be reported). */
  problem: string | null;
}

export class CsvFileError extends Error {}

const QUOTE = 34; // "
const COMMA = 44; // ,
const CR = 13;
const LF = 10;

/** Calls `onRecord` for each record; blank lines are skipped. Throws CsvFileError for an unclosed quote. */
export function readCsv(text: string, onRecord: (r: CsvRecord) => void): void {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    let problem: string | null = null;
    // One record.
    for (;;) {
      let cell: string;
      if (text.charCodeAt(i) === QUOTE) {
        // Quoted cell: "" is a quote; newlines inside are part of the cell.
        let j = i + 1;
        let parts = '';
        let from = j;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1) throw new CsvFileError(`Line ${startLine}: a quoted cell is never closed. Check the quotes in the file.`);
          if (text.charCodeAt(q + 1) === QUOTE) {
            parts += text.slice(from, q + 1);
            j = q + 2;
            from = j;
            continue;
          }
          parts += text.slice(from, q);
          j = q + 1;
          break;
        }
        for (let k = i; k < j; k++) if (text.charCodeAt(k) === LF) line++;
        cell = parts;
        i = j;
        const c = text.charCodeAt(i);
        if (i < n && c !== COMMA && c !== LF && c !== CR) {
          problem ??= 'Text follows a closing quote. Put the whole cell in quotes and double any quote inside it.';
          // Keep the rest of the cell as text so the record can be shown.
          let k = i;
          while (k < n) {
            const d = text.charCodeAt(k);
            if (d === COMMA || d === LF || d === CR) break;
            k++;
          }
          cell += text.slice(i, k);
          i = k;
        }
      } else {
        let k = i;
        while (k < n) {
          const d = text.charCodeAt(k);
          if (d === COMMA || d === LF || d === CR) break;
          k++;
        }
        cell = text.slice(i, k);
        if (cell.includes('"')) problem ??= 'A quote appears inside a cell that does not start with one. Put the whole cell in quotes and double any quote inside it.';
        i = k;
      }
      cells.push(cell);
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        if (i >= n) {
          cells.push('');
          break;
        }
        continue;
      }
      // End of record: LF, CR LF, or a lone CR.
      if (c === CR) i++;
      if (text.charCodeAt(i) === LF) i++;
      line++;
      break;
    }
    if (!(cells.length === 1 && cells[0] === '' && problem === null)) onRecord({ line: startLine, cells, problem });
  }
}
