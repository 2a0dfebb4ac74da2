/** One exported value. Text goes through formula neutralisation; numbers are written as numbers. */
export type Cell = string | number | null;

export interface ExportColumn {
  header: string;
  /** Column width in characters (XLSX only). */
  width?: number;
}

/**
 * A run of rows that SQLite has already turned into text (see kinds/packed.ts): UTF-8, fields
 * separated by US (0x1f), records by RS (0x1e), NULL written as an empty field. Each record starts
 * with an extra field, its rowid in decimal: the writer checks that they go up (the rows are in
 * order) and leaves them out. The CSV writer encodes it byte by byte instead of making a JS
 * string of every cell.
 */
export interface PackedChunk {
  /** Null when the chunk must be written from its cells (see kinds/packed.ts). */
  bytes: Buffer | null;
  /** Records SQLite packed; the encoder checks the separators against it. */
  records: number;
  /** The same rows as cells, for when a field itself holds a US or RS byte. */
  rows(): Iterable<readonly Cell[]>;
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
  /**
   * Writes a packed chunk, if the format can take one; false when it did not (nothing of it was
   * written), and the caller writes the chunk's rows one by one.
   */
  writePacked?(chunk: PackedChunk): boolean;
  /** Called every batchSize rows: lets buffered output drain before more rows come. */
  pause(): Promise<void>;
  /** Flushes, syncs to disk and closes. The file is complete when this resolves. */
  finish(): Promise<void>;
  /** Closes and deletes the file. Safe to call at any point, more than once. */
  abort(): Promise<void>;
}
