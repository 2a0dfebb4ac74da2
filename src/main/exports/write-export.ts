import fs from 'node:fs';
import type { ExportFormat } from '../../shared/contract/exports';
import { CsvWriter } from './csv-writer';
import type { Cell, ExportColumn, PackedChunk, RowSink } from './types';

/** exceljs is loaded only for XLSX: it adds ~28 MB to a worker that writes CSV for nothing. */
export async function openSink(format: ExportFormat, file: string, columns: readonly ExportColumn[], sheetName: string): Promise<RowSink> {
  switch (format) {
    case 'csv':
      return new CsvWriter(file, columns.map((c) => c.header), { bom: false });
    case 'csv_bom':
      return new CsvWriter(file, columns.map((c) => c.header), { bom: true });
    case 'csv_excel_fi':
      return new CsvWriter(file, columns.map((c) => c.header), { bom: true, delimiter: ';' });
    case 'xlsx': {
      const { XlsxWriter } = await import('./xlsx-writer');
      return new XlsxWriter(file, columns, { sheetName, creator: 'IXO Back Office' });
    }
    default: {
      const never: never = format;
      throw new Error(`unknown export format ${String(never)}`);
    }
  }
}

export interface WriteExportOptions {
  file: string;
  format: ExportFormat;
  columns: readonly ExportColumn[];
  sheetName: string;
  rows: Iterable<readonly Cell[]>;
  /** The same rows packed by SQLite; used instead of `rows` when the format takes them. */
  packed?: Iterable<PackedChunk>;
  /** Expected number of rows, for progress only. */
  total: number;
  progress(done: number, total: number): void;
  /** Called between batches: lets messages in and throws when the job was cancelled. */
  checkpoint(): Promise<void>;
}

/**
 * Streams rows into a new file in batches. On any failure, cancellation included, the partial
 * file is deleted before the error goes on, so nothing half-written is ever left behind.
 */
export async function writeExport(opts: WriteExportOptions): Promise<{ rows: number; bytes: number }> {
  const sink = await openSink(opts.format, opts.file, opts.columns, opts.sheetName);
  let rows = 0;
  try {
    const every = sink.batchSize;
    if (opts.packed && sink.writePacked) {
      for (const chunk of opts.packed) {
        if (sink.writePacked(chunk)) rows += chunk.records;
        else {
          for (const row of chunk.rows()) {
            sink.writeRow(row);
            rows++;
          }
        }
        await sink.pause();
        opts.progress(rows, opts.total);
        await opts.checkpoint();
      }
    } else {
      for (const row of opts.rows) {
        sink.writeRow(row);
        if (++rows % every === 0) {
          await sink.pause();
          opts.progress(rows, opts.total);
          await opts.checkpoint();
        }
      }
    }
    await opts.checkpoint();
    await sink.finish();
  } catch (e) {
    await sink.abort();
    throw e;
  }
  opts.progress(rows, Math.max(rows, opts.total));
  return { rows, bytes: fs.statSync(opts.file).size };
}
