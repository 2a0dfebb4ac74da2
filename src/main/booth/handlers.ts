import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { EntryDetail, EventDetail, KioskConfig } from '../../shared/contract/booth';
import { answerKey } from '../../shared/booth';
import { AppError } from '../../shared/errors';
import type { Ctx, Handlers } from '../context';
import { captureEntry, checkAge, requireBoothEvent, requireEvent } from './capture';
import { recoverCaptureAudit } from './capture-audit';
import { boothCounts, entryStats, findEntry, listEntries } from './entries-repo';
import {
  activeQuestions,
  allQuestions,
  countEntries,
  currentText,
  eventsOn,
  findEvent,
  findText,
  insertEvent,
  listEvents,
  replaceSurvey,
  setText,
  textVersions,
  updateEvent,
} from './events-repo';
import { localDay } from './normalise';
import { enqueueEventVersion } from '../sync/events-feed';

/** Length of the kiosk's "are you still there?" countdown. */
export const KIOSK_COUNTDOWN_SECONDS = 15;

function eventDetail(db: Database, id: number): EventDetail {
  const found = findEvent(db, id);
  if (!found) throw new AppError('not_found', 'That event does not exist.');
  const ev = { ...found, entryCount: countEntries(db, id) };
  const strip = <T extends { eventId: number; kind: string }>({ eventId: _e, kind: _k, ...rest }: T) => rest;
  const rules = textVersions(db, id, 'rules').map(strip);
  const notice = textVersions(db, id, 'notice').map(strip);
  return {
    ...ev,
    rules: rules[0]!,
    notice: notice[0]!,
    rulesHistory: rules.slice(1),
    noticeHistory: notice.slice(1),
    questions: activeQuestions(db, id).map((q) => ({ id: q.id, kind: q.kind, prompt: q.prompt, options: q.options, required: q.required, inUse: q.inUse })),
  };
}

/**
 * Changes to events live in contests.db; their audit rows in customers.db, written with them. A
 * change that is audited also queues the event's next version for the hub, in the same transaction.
 */
function changeAudited<T>(ctx: Ctx, eventOf: (result: T) => number, change: () => T, audit: (result: T) => Parameters<Ctx['audit']>[0] | null): T {
  return ctx.tx(() => {
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

const recover = (ctx: Ctx) => recoverCaptureAudit(ctx.stores, ctx.now);

export const boothHandlers = {
  // -------------------------------------------------------------------------------------------
  // Events (managers)

  'events.list': (ctx) => listEvents(ctx.stores.contests),

  'events.get': (ctx, input) => eventDetail(ctx.stores.contests, input.id),

  'events.create': (ctx, input) => {
    const db = ctx.stores.contests;
    const id = changeAudited(
      ctx,
      (eventId) => eventId,
      () => {
        const now = ctx.now();
        const eventId = insertEvent(db, input, now);
        setText(db, eventId, 'rules', input.rulesText, now);
        setText(db, eventId, 'notice', input.noticeText, now);
        return eventId;
      },
      (eventId) => ({ action: 'events.create', subjectType: 'event', subjectId: eventId, details: { acceptDuplicates: input.acceptDuplicates, rulesVersion: 1, noticeVersion: 1 } }),
    );
    return eventDetail(db, id);
  },

  'events.update': (ctx, input) => {
    const db = ctx.stores.contests;
    requireEvent(ctx, input.id);
    changeAudited(
      ctx,
      () => input.id,
      () => {
        const now = ctx.now();
        const fieldsChanged = updateEvent(db, input.id, input, now);
        const rules = setText(db, input.id, 'rules', input.rulesText, now);
        const notice = setText(db, input.id, 'notice', input.noticeText, now);
        return { fieldsChanged, rules, notice };
      },
      (r) =>
        r.fieldsChanged || r.rules.change !== 'none' || r.notice.change !== 'none'
          ? {
              action: 'events.update',
              subjectType: 'event',
              subjectId: input.id,
              details: { fieldsChanged: r.fieldsChanged, acceptDuplicates: input.acceptDuplicates, rules: r.rules, notice: r.notice },
            }
          : null,
    );
    return eventDetail(db, input.id);
  },

  'events.setSurvey': (ctx, input) => {
    const db = ctx.stores.contests;
    requireEvent(ctx, input.eventId);
    changeAudited(
      ctx,
      () => input.eventId,
      () =>
        replaceSurvey(db, input.eventId, input.questions, ctx.now(), (id) => {
          throw new AppError('conflict', `Question #${id} is not part of this event's current survey. Reload the event and try again.`);
        }),
      (counts) => (Object.values(counts).some((n) => n > 0) ? { action: 'events.set_survey', subjectType: 'event', subjectId: input.eventId, details: counts } : null),
    );
    return eventDetail(db, input.eventId);
  },

  // -------------------------------------------------------------------------------------------
  // Booth (booth staff). Nothing here returns an entrant's data.

  'booth.events': (ctx) => {
    recover(ctx);
    return eventsOn(ctx.stores.contests, localDay(ctx.clock.now()));
  },

  'booth.config': (ctx, input): KioskConfig => {
    recover(ctx);
    const db = ctx.stores.contests;
    const ev = requireBoothEvent(ctx, input.eventId, localDay(ctx.clock.now()));
    const rules = currentText(db, ev.id, 'rules');
    const notice = currentText(db, ev.id, 'notice');
    return {
      event: { id: ev.id, name: ev.name, location: ev.location, startsOn: ev.startsOn, endsOn: ev.endsOn },
      rules: { id: rules.id, version: rules.version, body: rules.body },
      notice: { id: notice.id, version: notice.version, body: notice.body },
      questions: activeQuestions(db, ev.id).map((q) => ({ id: q.id, kind: q.kind, prompt: q.prompt, options: q.options, required: q.required })),
      kioskIdleSeconds: ctx.services.settings.kioskIdleSeconds,
      countdownSeconds: KIOSK_COUNTDOWN_SECONDS,
    };
  },

  'booth.counts': (ctx, input) => {
    const ev = requireEvent(ctx, input.eventId);
    return boothCounts(ctx.stores.contests, ev.id, localDay(ctx.clock.now()));
  },

  'booth.checkAge': (ctx, input) => checkAge(ctx, input.eventId, input.birthDate),

  'booth.capture': (ctx, input) => captureEntry(ctx, input),

  // -------------------------------------------------------------------------------------------
  // Entries (managers). Every view of entries writes a read.* audit row.

  'entries.events': (ctx) => {
    recover(ctx);
    return listEvents(ctx.stores.contests);
  },

  'entries.list': (ctx, input) => {
    recover(ctx);
    requireEvent(ctx, input.eventId);
    const result = listEntries(ctx.stores.contests, input);
    ctx.tx(() =>
      ctx.audit({
        action: 'read.entries',
        subjectType: 'event',
        subjectId: input.eventId,
        // The search text may be an email or a name: only the fact of a search is recorded.
        details: { rows: result.rows.length, total: result.total, searched: input.search !== '', duplicates: input.duplicates, consent: input.consent, offset: input.offset },
      }),
    );
    return result;
  },

  'entries.get': (ctx, input): EntryDetail => {
    recover(ctx);
    const db = ctx.stores.contests;
    const e = findEntry(db, input.id);
    if (!e) throw new AppError('not_found', 'That entry does not exist.');
    const rules = findText(db, e.rulesTextId)!;
    const notice = findText(db, e.noticeTextId)!;
    const questions = new Map(allQuestions(db, e.eventId).map((q) => [answerKey(q.id), q]));
    const answers = Object.entries(e.answers).flatMap(([key, answer]) => {
      const q = questions.get(key);
      return q ? [{ questionId: q.id, prompt: q.prompt, kind: q.kind, answer }] : [];
    });
    ctx.tx(() => ctx.audit({ action: 'read.entry', subjectType: 'entry', subjectId: e.id, details: { eventId: e.eventId } }));
    const { answers: _raw, rulesTextId: _r, noticeTextId: _n, ...rest } = e;
    return { ...rest, rules: { version: rules.version, sha256: rules.sha256 }, notice: { version: notice.version, sha256: notice.sha256 }, answers };
  },

  'entries.stats': (ctx, input) => {
    recover(ctx);
    requireEvent(ctx, input.eventId);
    const stats = entryStats(ctx.stores.contests, input.eventId);
    ctx.tx(() => ctx.audit({ action: 'read.entry_counts', subjectType: 'event', subjectId: input.eventId, details: { total: stats.total } }));
    return stats;
  },
} satisfies Partial<Handlers>;
