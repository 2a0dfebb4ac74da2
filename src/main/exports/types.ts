/** One exported value. Text goes through formula neutralisation; numbers are written as numbers. */
export type Cell = string | number | null;

export interface ExportColumn {
  header: string;
  /** Column width in characters (XLSX only). */
  width?: number;
}

/** Where exported rows go: one implementation per file format. */
export interface RowSink {
  /** Rows per batch this sink works best with (a trade-off between speed and cancel latency). */
  readonly batchSize: number;
  writeRows(rows: readonly (readonly Cell[])[]): void | Promise<void>;
  /** Flushes, syncs to disk and closes. The file is complete when this resolves. */
  finish(): Promise<void>;
  /** Closes and deletes the file. Safe to call at any point, more than once. */
  abort(): Promise<void>;
}
