import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  EXPORT_FORMAT_EXTENSIONS,
  EXPORT_FORMAT_LABELS,
  EXPORT_KIND_LABELS,
  EXPORT_KINDS,
  type ExportJobResult,
  type ExportKind,
  type ExportKindInfo,
  type StartExportResult,
} from '../../shared/contract/exports';
import { EXPORT_KIND_DESCRIPTIONS } from '../../shared/contract/exports';
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Ctx } from '../context';
import { unlinkQuietly } from './fs-util';
import { EXPORT_JOB_KIND, type ExportJobParams, type ExportWorkerResult } from './job';
import { EXPORT_KIND_DEFS, kindAvailable } from './kinds';
import type { ExportKindDef } from './kinds/types';

export function listKinds(ctx: Ctx): ExportKindInfo[] {
  return EXPORT_KINDS.map((kind) => ({
    kind,
    label: EXPORT_KIND_LABELS[kind],
    description: EXPORT_KIND_DESCRIPTIONS[kind],
    available: kindAvailable(EXPORT_KIND_DEFS[kind] as ExportKindDef<ExportKind>, ctx.stores),
  }));
}

const inside = (dir: string, file: string) => {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/**
 * The path the save dialog returned, checked: an existing folder we may write to, and not the
 * app's own data folder (a careless name there could replace an encrypted store).
 */
function checkDestination(chosen: string, dataDir: string): string {
  if (!path.isAbsolute(chosen)) throw new AppError('invalid_input', 'The save dialog returned no usable file path. Try again.');
  let dir: string;
  try {
    dir = fs.realpathSync(path.dirname(chosen));
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new AppError('invalid_input', 'That folder does not exist or cannot be written to. Choose another folder.');
  }
  const dest = path.join(dir, path.basename(chosen));
  let data = path.resolve(dataDir);
  try {
    data = fs.realpathSync(data);
  } catch {
    // not created yet: compare the plain path
  }
  if (inside(data, dest)) throw new AppError('invalid_input', "Exports cannot be saved in the app's data folder. Choose another folder.");
  if (fs.existsSync(dest) && fs.statSync(dest).isDirectory()) throw new AppError('invalid_input', 'That name belongs to a folder. Choose a file name.');
  return dest;
}

/**
 * Main thread: checks the kind and filters, asks where to save with the native dialog, then runs
 * the export in a worker. The worker writes a hidden temporary file beside the destination; only
 * when it reports success does the main thread, in one transaction, write the audit row and
 * rename the file into place. A cancelled or failed export leaves no file and no audit row.
 */
export async function startExport(ctx: Ctx, input: ParsedInputOf<'exports.start'>): Promise<StartExportResult> {
  const { filters, format, purpose } = input;
  const kind = filters.kind;
  const def = EXPORT_KIND_DEFS[kind] as ExportKindDef<ExportKind>;
  if (!kindAvailable(def, ctx.stores)) throw new AppError('conflict', `"${EXPORT_KIND_LABELS[kind]}" cannot be exported yet: this version of the app does not hold that data.`);
  const prepared = await def.prepare(ctx, filters as never);

  const dialogs = ctx.deps.dialogs;
  if (!dialogs) throw new AppError('internal', 'Saving files is not available in this build.');
  const ext = EXPORT_FORMAT_EXTENSIONS[format];
  const chosen = await dialogs.chooseSavePath({
    title: `Save export: ${EXPORT_KIND_LABELS[kind]}`,
    defaultName: `${prepared.baseName}.${ext}`,
    filters: [{ name: EXPORT_FORMAT_LABELS[format], extensions: [ext] }],
  });
  if (chosen === null) return { started: false };
  const dest = checkDestination(chosen, ctx.deps.dataDir);
  const fileName = path.basename(dest);
  const tempPath = path.join(path.dirname(dest), `.${fileName}.${randomUUID().slice(0, 8)}.part`);

  const params: ExportJobParams = { filters, format, tempPath, sheetName: prepared.sheetName, secrets: prepared.secrets };
  const job = ctx.services.jobs.start(EXPORT_JOB_KIND, params, ctx.actor, {
    onDone: (raw): ExportJobResult => {
      const result = raw as ExportWorkerResult;
      ctx.tx(() => {
        ctx.audit({
          action: `export.${kind}`,
          subjectType: prepared.subject?.type ?? null,
          subjectId: prepared.subject?.id ?? null,
          details: { purpose, kind, format, filters, rows: result.rows, fileName },
        });
        // Inside the transaction: if the rename fails, the audit row is rolled back with it.
        fs.renameSync(tempPath, dest);
      });
      return { rows: result.rows, bytes: result.bytes, fileName };
    },
  });
  // Whatever ends the job other than success (cancel, failure, a terminated worker), the partial
  // temporary file goes. The worker deletes it itself when it can; this covers when it cannot.
  void ctx.services.jobs.wait(job.id).then(
    (status) => {
      if (status.state !== 'done') unlinkQuietly(tempPath);
    },
    () => undefined,
  );
  return { started: true, job, fileName };
}
