import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ExportFilters, ExportKind } from '../../../shared/contract/exports';
import type { Ctx } from '../../context';
import type { Cell, ExportColumn, PackedChunk } from '../types';

export type FiltersOf<K extends ExportKind> = Extract<ExportFilters, { kind: K }>;

/** What the main thread hands the worker besides the filters. Lives in memory only. */
export interface ExportSecrets {
  /** Key of the suppression HMAC (marketing kinds), from the keychain, which only the main thread reaches. */
  suppressionKeyHex?: string;
}

/** Decided on the main thread before the save dialog opens. */
export interface PreparedExport {
  /** Suggested file name, without extension. */
  baseName: string;
  sheetName: string;
  /** What the audit row is about; people are never named, only ids. */
  subject: { type: string; id: string | number } | null;
  secrets: ExportSecrets;
}

export interface ExportSource {
  columns: ExportColumn[];
  /** Rows expected (for progress); the rows written may be fewer when a filter drops some late. */
  total: number;
  rows: Iterable<readonly Cell[]>;
  /** The same rows packed by SQLite, for the CSV writer; only where a kind can read them so. */
  packed?: Iterable<PackedChunk>;
}

export interface ExportKindDef<K extends ExportKind> {
  kind: K;
  /** Tables the kind reads, per store; the kind is unavailable until they all exist. */
  requires: { customers?: readonly string[]; contests?: readonly string[] };
  /** Main thread: checks the filters against the data and decides names. Throws AppError. */
  prepare(ctx: Ctx, filters: FiltersOf<K>): PreparedExport | Promise<PreparedExport>;
  /** Worker thread: reads through its own read-only connections. */
  open(db: (store: 'customers' | 'contests') => Database, filters: FiltersOf<K>, secrets: ExportSecrets): ExportSource;
}

/** A file-name-safe slug of a label ("Slush 2026 / Helsinki" -> "slush-2026-helsinki"). */
export function slug(label: string): string {
  const s = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return s || 'export';
}

export function tableExists(db: Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}
