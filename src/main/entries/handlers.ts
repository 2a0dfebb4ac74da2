import type { EntryDetail } from '../../shared/contract/entries';
import { answerKey } from '../../shared/booth';
import { appError } from '../../shared/errors';
import type { Ctx, FeatureHandlers } from '../context';
import { captureAuditProgress, pendingCaptureAudit } from '../booth/capture-audit';
import { allQuestions, findText, requireEvent } from '../events/repo';
import { findEntry } from './repo';

// A view of entries waits until every entry shown has its capture audited (the main thread stays free meanwhile).
const recover = (ctx: Ctx) => pendingCaptureAudit(ctx.stores, ctx.now, ctx.services.jobs);

/**
 * Entries (managers). Every view of entries writes a read.* audit row. The reads that scan an event's
 * entries run in the query worker (entries/jobs.ts); the event check and the audit row stay here.
 */
export const entriesHandlers = {
  'entries.events': async (ctx) => {
    await recover(ctx);
    return ctx.services.jobs.query('entries.events', {}, ctx.actor);
  },

  'entries.list': async (ctx, input) => {
    await recover(ctx);
    requireEvent(ctx, input.eventId);
    const result = await ctx.services.jobs.query('entries.list', input, ctx.actor);
    ctx.tx(() =>
      ctx.audit({
        action: 'read.entries',
        subjectType: 'event',
        subjectId: input.eventId,
        // The search text may be an email or a name: only the fact of a search is recorded.
        details: { rows: result.rows.length, total: result.total, searched: input.search !== '', duplicates: input.duplicates, consent: input.consent, offset: input.offset, sort: input.sort },
      }),
    );
    return result;
  },

  'entries.get': async (ctx, input): Promise<EntryDetail> => {
    await recover(ctx);
    const db = ctx.stores.contests;
    const e = findEntry(db, input.id);
    if (!e) throw appError('booth.entry_not_found');
    const rules = findText(db, e.rulesTextId)!;
    const notice = findText(db, e.noticeTextId)!;
    const questions = new Map(allQuestions(db, e.eventId).map((q) => [answerKey(q.id), q]));
    const answers = Object.entries(e.answers).flatMap(([key, answer]) => {
      const q = questions.get(key);
      return q ? [{ questionId: q.id, prompt: q.prompt, kind: q.kind, answer }] : [];
    });
    ctx.tx(() => ctx.audit({ action: 'read.entry', subjectType: 'entry', subjectId: e.id, details: { eventId: e.eventId } }));
    const { answers: _raw, rulesTextId: _r, noticeTextId: _n, ...rest } = e;
    const accepted = (t: typeof rules) => ({ version: t.version, lang: t.lang, sha256: t.sha256 });
    return { ...rest, rules: accepted(rules), notice: accepted(notice), answers };
  },

  // Reads two settings/index rows; starts nothing, writes nothing (NEVER_WRITE in dispatch).
  'entries.auditProgress': (ctx) => captureAuditProgress(ctx.stores),

  'entries.stats': async (ctx, input) => {
    await recover(ctx);
    requireEvent(ctx, input.eventId);
    const stats = await ctx.services.jobs.query('entries.stats', input, ctx.actor);
    ctx.tx(() => ctx.audit({ action: 'read.entry_counts', subjectType: 'event', subjectId: input.eventId, details: { total: stats.total } }));
    return stats;
  },
} satisfies FeatureHandlers<'entries'>;
