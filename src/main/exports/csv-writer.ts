import fs from 'node:fs';
import { neutraliseCell } from './neutralise';
import { closeQuietly, createExclusive, unlinkQuietly } from './fs-util';
import type { Cell, RowSink } from './types';

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
const BUFFER_BYTES = 1 << 20;

export function csvField(cell: Cell): string {
  if (cell === null) return '';
  const raw = typeof cell === 'number' ? String(cell) : cell;
  if (!MAY_NEED_WORK.test(raw)) return raw;
  const text = neutraliseCell(raw);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRecord(cells: readonly Cell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += ',';
    line += csvField(cells[i]!);
  }
  return `${line}\r\n`;
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

  /** Creates `file` (which must not exist yet) and writes the header record. */
  constructor(
    private readonly file: string,
    headers: readonly string[],
    opts: { bom: boolean },
  ) {
    this.fd = createExclusive(file);
    if (opts.bom) this.put('\uFEFF');
    this.put(csvRecord(headers));
  }

  writeRow(row: readonly Cell[]): void {
    this.put(csvRecord(row));
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
