import {
  EXPORT_FORMAT_EXTENSIONS,
  EXPORT_FORMAT_LABELS,
  EXPORT_KIND_DESCRIPTIONS,
  EXPORT_KIND_LABELS,
  EXPORT_KINDS,
  type ExportKind,
  type ExportKindInfo,
  type StartExportResult,
} from '../../shared/contract/exports';
import type { ParsedInputOf } from '../../shared/contract';
import { appError } from '../../shared/errors';
import type { Ctx } from '../context';
import { EXPORT_KIND_DEFS, kindAvailable } from './kinds';
import type { ExportKindDef } from './kinds/types';
import { saveThroughJob } from './save-flow';

export function listKinds(ctx: Ctx): ExportKindInfo[] {
  return EXPORT_KINDS.map((kind) => ({
    kind,
    label: EXPORT_KIND_LABELS[kind],
    description: EXPORT_KIND_DESCRIPTIONS[kind],
    available: kindAvailable(EXPORT_KIND_DEFS[kind] as ExportKindDef<ExportKind>, ctx.stores),
  }));
}

/**
 * Main thread: checks the kind and filters, then saves through a worker job (save-flow.ts): the
 * audit row holds purpose, kind, format, filters and row count, and commits with the rename.
 */
export async function startExport(ctx: Ctx, input: ParsedInputOf<'exports.start'>): Promise<StartExportResult> {
  const { filters, format, purpose } = input;
  const kind = filters.kind;
  const def = EXPORT_KIND_DEFS[kind] as ExportKindDef<ExportKind>;
  if (!kindAvailable(def, ctx.stores)) throw appError('exports.kind_unavailable', { kind, label: EXPORT_KIND_LABELS[kind] });
  const prepared = await def.prepare(ctx, filters as never);
  const ext = EXPORT_FORMAT_EXTENSIONS[format];
  return saveThroughJob(ctx, {
    dialog: {
      title: `Save export: ${EXPORT_KIND_LABELS[kind]}`,
      defaultName: `${prepared.baseName}.${ext}`,
      filters: [{ name: EXPORT_FORMAT_LABELS[format], extensions: [ext] }],
    },
    jobKind: 'exports.write',
    params: (tempPath) => ({ filters, format, tempPath, sheetName: prepared.sheetName, secrets: prepared.secrets }),
    audit: (output, fileName) => ({
      action: `export.${kind}`,
      subjectType: prepared.subject?.type ?? null,
      subjectId: prepared.subject?.id ?? null,
      details: { purpose, kind, format, filters, rows: output.rows, fileName },
    }),
    result: (output, fileName) => ({ rows: output.rows, bytes: output.bytes, fileName }),
  });
}
