import fs from 'node:fs';
import { neutraliseCell, TRIGGER_CHARS } from './neutralise';
import { closeQuietly, createExclusive, unlinkQuietly } from './fs-util';
import type { Cell, PackedChunk, RowSink } from './types';

/**
 * CSV as RFC 4180 describes it: UTF-8, comma-separated, CRLF after every record (the last one
 * too), a field quoted when it holds a quote, comma, CR or LF, quotes inside doubled. Optional
 * byte order mark, which Excel needs to read UTF-8 instead of the local code page.
 *
 * CSV has no types: a spreadsheet guesses from the text. So numbers are written as text and go
 * through neutralisation too (a negative number gets an apostrophe, like any text starting with
 * "-"); the exports write only non-negative integers, so in practice that never happens.
 */
const NEEDS_QUOTES = /[",\r\n]/;
/** Cheap first test: most cells need neither an apostrophe nor quotes. */
const MAY_NEED_WORK = /^['=+\-@\t\r\n]|[",\r\n]/;
/** Holds the worst case of a packed chunk of ordinary rows (2000 x ~200 bytes, see packedWorstCase). */
const BUFFER_BYTES = 4 << 20;

/** The field separator: a comma (RFC 4180), or a semicolon, which Excel set to Finnish (or any comma-decimal locale) expects. */
export type CsvDelimiter = ',' | ';';
const SEMICOLON_NEEDS_QUOTES = /[",;\r\n]/;
const SEMICOLON_MAY_NEED_WORK = /^['=+\-@\t\r\n]|[",;\r\n]/;

export function csvField(cell: Cell, delimiter: CsvDelimiter = ','): string {
  if (cell === null) return '';
  const raw = typeof cell === 'number' ? String(cell) : cell;
  if (!(delimiter === ',' ? MAY_NEED_WORK : SEMICOLON_MAY_NEED_WORK).test(raw)) return raw;
  const text = neutraliseCell(raw);
  return (delimiter === ',' ? NEEDS_QUOTES : SEMICOLON_NEEDS_QUOTES).test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRecord(cells: readonly Cell[], delimiter: CsvDelimiter = ','): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += delimiter;
    line += csvField(cells[i]!, delimiter);
  }
  return `${line}\r\n`;
}

// Byte classes for packed chunks. Every byte that matters here is ASCII, and no byte of a
// multi-byte UTF-8 sequence is below 0x80, so looking at single bytes is exact.
const QUOTES = 1; // the field must be quoted: '"', ',', CR, LF
const SEPARATOR = 2; // US ends a field, RS ends a record
const TRIGGER = 4; // a spreadsheet formula trigger (neutralise.ts)
const US = 0x1f;
const RS = 0x1e;
const APOSTROPHE = 0x27;
const DQUOTE = 0x22;
const BYTE_CLASS = (() => {
  const t = new Uint8Array(256);
  for (const ch of '",\r\n') t[ch.charCodeAt(0)]! |= QUOTES;
  t[US]! |= SEPARATOR;
  t[RS]! |= SEPARATOR;
  for (const ch of TRIGGER_CHARS) t[ch.charCodeAt(0)]! |= TRIGGER;
  return t;
})();

/** Room `encodePacked` may need at most for a chunk (each field quoted, prefixed, quotes doubled). */
export function packedWorstCase(bytes: number, records: number, fields: number): number {
  return 2 * bytes + records * (3 * fields + 2) + 2;
}

/**
 * Encodes a packed chunk (see PackedChunk) into `dst` from `at`, exactly as `csvRecord` would
 * encode the same cells (`fields` of them per record, the key not counted): a field gets the
 * apostrophe of `neutraliseCell` when, after any run of apostrophes, it begins with a trigger
 * byte, and quotes when it holds a quote, comma, CR or LF. Returns the end offset, or -1 when the
 * separators do not make `records` records of `fields` fields each (a field then held a US or RS
 * byte itself) or the keys do not go up: the caller then writes the rows as cells. Checking as
 * it goes keeps the output within `packedWorstCase`.
 */
export function encodePacked(src: Uint8Array, records: number, fields: number, dst: Uint8Array, at: number): number {
  const n = src.length;
  let o = at;
  let i = 0;
  let field = 0;
  let done = 0;
  let lastKey = -1;
  for (;;) {
    if (field === 0) {
      // The record's key: its rowid in decimal, which must go up, then a US. Not written.
      let key = 0;
      const from = i;
      while (i < n && src[i]! >= 0x30 && src[i]! <= 0x39) key = key * 10 + (src[i++]! - 0x30);
      if (i === from || i - from > 15 || i >= n || src[i] !== US || key <= lastKey) return -1;
      lastKey = key;
      i++;
    }
    let k = i;
    while (k < n && src[k] === APOSTROPHE) k++;
    const prefix = k < n && (BYTE_CLASS[src[k]!]! & TRIGGER) !== 0;
    // Most fields need no quotes: copy optimistically, and start over when a byte says otherwise.
    let p = prefix ? o + 1 : o;
    let j = i;
    let cls = 0;
    for (; j < n; j++) {
      const b = src[j]!;
      // Every byte that ends the copy is below ',' + 1; most text is above it.
      if (b <= 0x2c) {
        cls = BYTE_CLASS[b]!;
        if ((cls & (QUOTES | SEPARATOR)) !== 0) break;
      }
      dst[p++] = b;
    }
    if (j < n && (cls & QUOTES) !== 0) {
      p = o;
      dst[p++] = DQUOTE;
      if (prefix) dst[p++] = APOSTROPHE;
      for (j = i; j < n; j++) {
        const b = src[j]!;
        if ((BYTE_CLASS[b]! & SEPARATOR) !== 0) break;
        dst[p++] = b;
        if (b === DQUOTE) dst[p++] = DQUOTE;
      }
      dst[p++] = DQUOTE;
    } else if (prefix) dst[o] = APOSTROPHE;
    o = p;
    field++;
    if (j < n && src[j] === US) {
      if (field >= fields) return -1;
      dst[o++] = 0x2c;
      i = j + 1;
      continue;
    }
    if (field !== fields || ++done > records) return -1;
    dst[o++] = 0x0d;
    dst[o++] = 0x0a;
    if (j >= n) break;
    field = 0;
    i = j + 1;
  }
  return done === records ? o : -1;
}

export class CsvWriter implements RowSink {
  readonly batchSize = 5000;
  private fd: number | null;
  /**
   * Records are encoded into this buffer one by one as they come. Hazard, measured: appending
   * them to one big string and converting that at the end costs as much as reading the rows from
   * SQLite, because V8 must flatten a rope of thousands of pieces that each are ropes themselves.
   */
  private readonly buf = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private readonly fields: number;

  /** Creates `file` (which must not exist yet) and writes the header record. */
  constructor(
    private readonly file: string,
    headers: readonly string[],
    opts: { bom: boolean; delimiter?: CsvDelimiter },
  ) {
    this.fields = headers.length;
    this.delimiter = opts.delimiter ?? ',';
    this.fd = createExclusive(file);
    if (opts.bom) this.put('\uFEFF');
    this.put(csvRecord(headers, this.delimiter));
  }

  private readonly delimiter: CsvDelimiter;

  writeRow(row: readonly Cell[]): void {
    this.put(csvRecord(row, this.delimiter));
  }

  /** Encodes into the buffer; a chunk whose worst case exceeds the buffer gets one of its own. */
  writePacked(chunk: PackedChunk): boolean {
    const bytes = chunk.bytes;
    // The packed encoder writes commas; other separators take the row path.
    if (bytes === null || this.delimiter !== ',') return false;
    const worst = packedWorstCase(bytes.length, chunk.records, this.fields);
    if (this.used + worst > this.buf.length) this.flush();
    if (worst <= this.buf.length) {
      const end = encodePacked(bytes, chunk.records, this.fields, this.buf, this.used);
      if (end < 0) return false;
      this.used = end;
      return true;
    }
    const big = Buffer.allocUnsafe(worst);
    const end = encodePacked(bytes, chunk.records, this.fields, big, 0);
    if (end < 0) return false;
    this.writeAll(big.subarray(0, end));
    return true;
  }

  async pause(): Promise<void> {
    // Writes happen as the buffer fills; nothing waits here.
  }

  async finish(): Promise<void> {
    this.flush();
    const fd = this.requireOpen();
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    this.fd = null;
  }

  async abort(): Promise<void> {
    closeQuietly(this.fd);
    this.fd = null;
    this.used = 0;
    unlinkQuietly(this.file);
  }

  private put(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8, so this much room always suffices.
    const worst = text.length * 3;
    if (this.used + worst > this.buf.length) {
      this.flush();
      if (worst > this.buf.length) {
        this.writeAll(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.buf.write(text, this.used, 'utf8');
  }

  private flush(): void {
    if (this.used === 0) return;
    this.writeAll(this.buf.subarray(0, this.used));
    this.used = 0;
  }

  private writeAll(bytes: Buffer): void {
    const fd = this.requireOpen();
    // A write to a regular file can in principle be short; loop until it is all out.
    for (let off = 0; off < bytes.length; ) off += fs.writeSync(fd, bytes, off, bytes.length - off);
  }

  private requireOpen(): number {
    if (this.fd === null) throw new Error('the CSV file is already closed');
    return this.fd;
  }
}
