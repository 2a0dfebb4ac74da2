/** One exported value. Text goes through formula neutralisation; numbers are written as numbers. */
export type Cell = string | number | null;

export interface ExportColumn {
  header: string;
  /** Column width in characters (XLSX only). */
  width?: number;
}

/** Where exported rows go: one implementation per file format. */
export interface RowSink {
  /** Rows between two pauses (a trade-off between speed and cancel latency). */
  readonly batchSize: number;
  /**
   * Writes one row at once. Rows are not collected into batches on purpose: a row that lives
   * until its batch is written survives a young-generation GC and costs a full one later
   * (measured: a third of the CSV export's time at 1M rows).
   */
  writeRow(row: readonly Cell[]): void;
  /** Called every batchSize rows: lets buffered output drain before more rows come. */
  pause(): Promise<void>;
  /** Flushes, syncs to disk and closes. The file is complete when this resolves. */
  finish(): Promise<void>;
  /** Closes and deletes the file. Safe to call at any point, more than once. */
  abort(): Promise<void>;
}
