import type { ExportFilters, ExportFormat, ExportKind } from '../../shared/contract/exports';
import type { JobContext } from '../jobs/kinds';
import { EXPORT_KIND_DEFS } from './kinds';
import type { ExportKindDef, ExportSecrets } from './kinds/types';
import { writeExport } from './write-export';

/** Name of the export job kind in src/main/jobs/kinds.ts. */
export const EXPORT_JOB_KIND = 'exports.write';

/** Set by the main thread only (never by the renderer). Travels in memory to the worker. */
export interface ExportJobParams {
  filters: ExportFilters;
  format: ExportFormat;
  /** The hidden temporary file beside the destination; the main thread renames it when audited. */
  tempPath: string;
  sheetName: string;
  secrets: ExportSecrets;
}

export interface ExportWorkerResult {
  rows: number;
  bytes: number;
  /** Time spent reading and writing in the worker, for the benchmark. */
  elapsedMs: number;
}

/** Worker thread: reads through its own read-only connections and writes the temporary file. */
export async function exportJob(job: JobContext): Promise<ExportWorkerResult> {
  const started = performance.now();
  const p = job.params as ExportJobParams;
  const def = EXPORT_KIND_DEFS[p.filters.kind] as ExportKindDef<ExportKind>;
  job.progress(0, 'Reading…');
  const source = def.open((store) => job.open(store, true), p.filters as never, p.secrets);
  const { rows, bytes } = await writeExport({
    file: p.tempPath,
    format: p.format,
    columns: source.columns,
    sheetName: p.sheetName,
    rows: source.rows,
    packed: source.packed,
    total: source.total,
    progress: (done, total) => job.progress(total > 0 ? done / total : 1, `${done.toLocaleString('en')} of ${total.toLocaleString('en')} rows written`),
    checkpoint: () => job.yieldToMessages(),
  });
  return { rows, bytes, elapsedMs: performance.now() - started };
}
