import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { EventDetail, TextVersion } from '../../shared/contract/events';
import { appError } from '../../shared/errors';
import type { Ctx, FeatureHandlers } from '../context';
import { LANGUAGES, type Language } from '../../shared/i18n';
import { activeQuestions, findEvent, insertEvent, replaceSurvey, requireEvent, setTexts, textVersions, updateEvent, type TextRecord } from './repo';
import { enqueueEventVersion } from '../sync/events-feed';

/** An event with its texts and survey, each read by key; its entry count comes from the query worker. */
function eventDetail(db: Database, id: number, entryCount: number): EventDetail {
  const found = findEvent(db, id);
  if (!found) throw appError('booth.event_not_found');
  const ev = { ...found, entryCount };
  const strip = ({ eventId: _e, kind: _k, ...rest }: TextRecord) => rest;
  // textVersions is newest first within each language: the first of a language is its current one.
  const split = (versions: TextRecord[]) => {
    const current = Object.fromEntries(LANGUAGES.map((l) => [l, null])) as Record<Language, TextVersion | null>;
    const history: TextVersion[] = [];
    for (const v of versions) {
      if (current[v.lang] === null) current[v.lang] = strip(v);
      else history.push(strip(v));
    }
    history.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
    return { current, history };
  };
  const rules = split(textVersions(db, id, 'rules'));
  const notice = split(textVersions(db, id, 'notice'));
  return {
    ...ev,
    rules: rules.current,
    notice: notice.current,
    rulesHistory: rules.history,
    noticeHistory: notice.history,
    questions: activeQuestions(db, id).map((q) => ({ id: q.id, kind: q.kind, prompt: q.prompt, options: q.options, required: q.required, inUse: q.inUse })),
  };
}

/**
 * eventDetail of an existing event, with its entries counted in the query worker (a pass over a
 * million index rows at full size). The record is read after the count, so a change made while
 * the worker counted is in the answer.
 */
async function detailCounted(ctx: Ctx, id: number): Promise<EventDetail> {
  requireEvent(ctx, id);
  const { entryCount } = await ctx.services.jobs.query('events.entryCount', { eventId: id }, ctx.actor);
  return eventDetail(ctx.stores.contests, id, entryCount);
}

/** Changes to events live in contests.db; their audit rows in customers.db, written with them. */
function changeAudited<T>(ctx: Ctx, eventOf: (result: T) => number, change: () => T, audit: (result: T) => Parameters<Ctx['audit']>[0] | null): T {
  // A booth may not push events, so one made there would never leave it (nor would its entries match).
  if (ctx.services.sync.enrolledAs() === 'booth') throw appError('sync.booth_events');
  return ctx.tx(() => {
    // A change that is audited also queues the event's next version for the hub, in the same transaction.
    const result = ctx.contestsTx(() => {
      const r = change();
      if (audit(r)) enqueueEventVersion(ctx.stores.contests, eventOf(r), ctx.now());
      return r;
    });
    const row = audit(result);
    if (row) ctx.audit(row);
    return result;
  });
}

/** Events (managers). The counts of entries are read by the query worker (events/jobs.ts). */
export const eventsHandlers = {
  'events.list': (ctx) => ctx.services.jobs.query('events.list', {}, ctx.actor),

  'events.get': (ctx, input) => detailCounted(ctx, input.id),

  'events.create': (ctx, input) => {
    const db = ctx.stores.contests;
    const id = changeAudited(
      ctx,
      (eventId) => eventId,
      () => {
        const now = ctx.now();
        const eventId = insertEvent(db, input, now);
        setTexts(db, eventId, 'rules', input.rulesText, now);
        setTexts(db, eventId, 'notice', input.noticeText, now);
        return eventId;
      },
      (eventId) => ({ action: 'events.create', subjectType: 'event', subjectId: eventId, details: { acceptDuplicates: input.acceptDuplicates, rulesVersion: 1, noticeVersion: 1, languages: [...LANGUAGES] } }),
    );
    // A new event has no entries yet.
    return eventDetail(db, id, 0);
  },

  'events.update': async (ctx, input) => {
    const db = ctx.stores.contests;
    requireEvent(ctx, input.id);
    // Counted before the change: a failed read then leaves the event unchanged, never a saved change answered as a failure.
    const { entryCount } = await ctx.services.jobs.query('events.entryCount', { eventId: input.id }, ctx.actor);
    changeAudited(
      ctx,
      () => input.id,
      () => {
        const now = ctx.now();
        const fieldsChanged = updateEvent(db, input.id, input, now);
        const rules = setTexts(db, input.id, 'rules', input.rulesText, now);
        const notice = setTexts(db, input.id, 'notice', input.noticeText, now);
        return { fieldsChanged, rules, notice };
      },
      (r) =>
        r.fieldsChanged || LANGUAGES.some((l) => r.rules[l].change !== 'none' || r.notice[l].change !== 'none')
          ? {
              action: 'events.update',
              subjectType: 'event',
              subjectId: input.id,
              details: { fieldsChanged: r.fieldsChanged, acceptDuplicates: input.acceptDuplicates, rules: r.rules, notice: r.notice },
            }
          : null,
    );
    return eventDetail(db, input.id, entryCount);
  },

  'events.setSurvey': async (ctx, input) => {
    const db = ctx.stores.contests;
    requireEvent(ctx, input.eventId);
    const { entryCount } = await ctx.services.jobs.query('events.entryCount', { eventId: input.eventId }, ctx.actor);
    changeAudited(
      ctx,
      () => input.eventId,
      () =>
        replaceSurvey(db, input.eventId, input.questions, ctx.now(), (id) => {
          throw appError('booth.question_not_in_survey', { questionId: id });
        }),
      (counts) => (Object.values(counts).some((n) => n > 0) ? { action: 'events.set_survey', subjectType: 'event', subjectId: input.eventId, details: counts } : null),
    );
    return eventDetail(db, input.eventId, entryCount);
  },
} satisfies FeatureHandlers<'events'>;
