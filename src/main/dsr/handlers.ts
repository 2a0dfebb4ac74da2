import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DsrExportFormat, DsrExportResult } from '../../shared/contract/dsr';
import { appError } from '../../shared/errors';
import { deviceOf, type Ctx, type FeatureHandlers } from '../context';
import { suppressionKeyHex } from '../accounts/suppression';
import { checkSavePath } from '../files/save-path';
import { allReads } from './access-log';

/**
 * Everything about the person, read in the query worker (dsr/jobs.ts); with `file`, the worker also writes
 * the document to its temporary path.
 */
async function accessDocument(ctx: Ctx, who: { email: string; phone?: string }, reference: string, file: { tempPath: string; format: DsrExportFormat } | null) {
  const suppressionKey = await suppressionKeyHex(ctx.deps.vault, ctx.services.settings, ctx.stores.customers);
  return ctx.services.jobs.query(
    'dsr.access',
    { email: who.email, phone: who.phone ?? null, reference, suppressionKeyHex: suppressionKey, generatedAt: ctx.now(), generatedBy: ctx.actor.displayName, file },
    ctx.actor,
  );
}

export const dsrHandlers = {
  'dsr.lookup': async (ctx, input) => {
    const { summary, ids } = await accessDocument(ctx, input, 'lookup', null);
    ctx.tx(() =>
      ctx.audit({
        action: 'read.dsr_summary',
        subjectType: ids.subjectType,
        subjectId: ids.subjectId,
        details: { leadIds: ids.leadIds, entryIds: ids.entryIds, found: !summary.empty },
      }),
    );
    return summary;
  },

  'dsr.exportAccess': async (ctx, input): Promise<DsrExportResult> => {
    const dialogs = ctx.deps.dialogs;
    if (!dialogs) throw appError('files.save_unavailable');
    const safeRef = input.reference.replace(/[^A-Za-z0-9._-]/g, '-');
    const ext = input.format === 'json' ? 'json' : 'html';
    const chosen = await dialogs.chooseSavePath({
      title: input.format === 'json' ? 'Save the data access export (JSON)' : 'Save the data access export (readable document)',
      defaultName: `data-access-${safeRef}.${ext}`,
      filters: input.format === 'json' ? [{ name: 'JSON', extensions: ['json'] }] : [{ name: 'Web page', extensions: ['html'] }],
    });
    if (!chosen) {
      const { summary } = await accessDocument(ctx, input, input.reference, null);
      return { saved: false, fileName: null, bytes: 0, summary };
    }
    const file = checkSavePath(chosen, ctx.deps.dataDir);
    // Written next to its final name and renamed into place inside the audit transaction: the
    // export exists if and only if its audit row does.
    const tempPath = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.part`);
    try {
      const { summary, ids, bytes } = await accessDocument(ctx, input, input.reference, { tempPath, format: input.format });
      ctx.tx(() => {
        ctx.audit({
          action: 'export.dsr_access',
          subjectType: ids.subjectType,
          subjectId: ids.subjectId,
          details: { format: input.format, reference: input.reference, bytes, counts: summary.counts, leadIds: ids.leadIds, entryIds: ids.entryIds },
        });
        fs.renameSync(tempPath, file);
      });
      return { saved: true, fileName: path.basename(file), bytes, summary };
    } catch (e) {
      fs.rmSync(tempPath, { force: true });
      throw e;
    }
  },

  'dsr.erase': async (ctx, input) => {
    // The keychain is reachable only from here; the key may have to be created, before any transaction.
    const suppressionKey = await suppressionKeyHex(ctx.deps.vault, ctx.services.settings, ctx.stores.customers);
    const params = {
      email: input.email,
      phone: input.phone ?? null,
      requestMethod: input.requestMethod,
      reference: input.reference,
      suppressionKeyHex: suppressionKey,
      at: ctx.now(),
      today: ctx.today(),
      device: deviceOf(ctx),
    };
    return ctx.services.jobs.run('dsr.erase', params, ctx.actor, { exclusive: true });
  },

  'dsr.accessLog': async (ctx, input) => {
    if (!input.email) return allReads(ctx.stores.customers, input);
    // Finding the person scans every contest entry: read in the query worker, audited here.
    const { ids, ...page } = await ctx.services.jobs.query('dsr.accessLog', { email: input.email, beforeSeq: input.beforeSeq, limit: input.limit }, ctx.actor);
    ctx.tx(() =>
      ctx.audit({ action: 'read.access_log', subjectType: ids.subjectType, subjectId: ids.subjectId, details: { leadIds: ids.leadIds, entryIds: ids.entryIds, rows: page.rows.length } }),
    );
    return page;
  },
} satisfies FeatureHandlers<'dsr'>;
