import type { ExportKind } from '../../shared/contract/exports';
import type { JobBody } from '../jobs/job-context';
import { EXPORT_KIND_DEFS } from './kinds';
import type { ExportKindDef } from './kinds/types';
import { writeExport } from './write-export';

/** Worker thread: reads through its own read-only connections and writes the temporary file. */
export const exportJob: JobBody<'exports.write'> = async (job) => {
  const started = performance.now();
  const p = job.params;
  const def = EXPORT_KIND_DEFS[p.filters.kind] as ExportKindDef<ExportKind>;
  job.progress(0, 'reading');
  const source = def.open((store) => job.open(store, true), p.filters as never, p.secrets);
  const { rows, bytes } = await writeExport({
    file: p.tempPath,
    format: p.format,
    columns: source.columns,
    sheetName: p.sheetName,
    rows: source.rows,
    packed: source.packed,
    total: source.total,
    progress: (done, total) => job.progress(total > 0 ? done / total : 1, 'writing_rows', { done, total }),
    checkpoint: () => job.yieldToMessages(),
  });
  return { rows, bytes, elapsedMs: performance.now() - started };
};
