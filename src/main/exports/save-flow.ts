import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { JobKind, JobOutput, JobParams, JobResult } from '../../shared/contract';
import type { StartExportResult } from '../../shared/contract/exports';
import { appError } from '../../shared/errors';
import type { Ctx, SaveDialogOptions } from '../context';
import { checkSavePath } from '../files/save-path';
import { unlinkQuietly } from './fs-util';

export interface SaveThroughJob<K extends JobKind> {
  dialog: SaveDialogOptions;
  jobKind: K;
  /** The worker's parameters; it writes `tempPath` and nothing else. */
  params(tempPath: string): JobParams<K>;
  /** The audit row of a finished file; written in the transaction that renames it into place. */
  audit(output: JobOutput<K>, fileName: string): Parameters<Ctx['audit']>[0];
  /** What the job reports to the renderer when done. */
  result(output: JobOutput<K>, fileName: string): JobResult<K>;
}

/**
 * Asks where to save with the native dialog (main process; the renderer never supplies a path),
 * then runs a worker job that writes a hidden temporary file beside the destination. Only when
 * the worker reports success does the main thread, in one transaction, write the audit row and
 * rename the file into place. Cancel or failure leaves neither file nor audit row.
 */
export async function saveThroughJob<K extends JobKind>(ctx: Ctx, spec: SaveThroughJob<K>): Promise<StartExportResult> {
  const dialogs = ctx.deps.dialogs;
  if (!dialogs) throw appError('files.save_unavailable');
  const chosen = await dialogs.chooseSavePath(spec.dialog);
  if (chosen === null) return { started: false };
  const dest = checkSavePath(chosen, ctx.deps.dataDir);
  const fileName = path.basename(dest);
  const tempPath = path.join(path.dirname(dest), `.${fileName}.${randomUUID().slice(0, 8)}.part`);

  const job = ctx.services.jobs.start(spec.jobKind, spec.params(tempPath), ctx.actor, (output) => {
    ctx.tx(() => {
      ctx.audit(spec.audit(output, fileName));
      // Inside the transaction: if the rename fails, the audit row is rolled back with it.
      fs.renameSync(tempPath, dest);
    });
    return spec.result(output, fileName);
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

/** Flushes a finished file to disk before it is renamed into place. */
export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
