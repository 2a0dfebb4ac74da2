import { z } from 'zod';
import { rule } from '../errors';
import { channel, feature, job } from './define';
import { MAX_OPTIONS, MAX_QUESTIONS, QUESTION_KINDS, type SurveyQuestion } from '../booth';
import { empty, id, isoDate, longText, requiredText, text } from '../fields';
import type { Language } from '../i18n';

/** Contest and survey events (managers): their rules, consent notice and survey, kept in contests.db. */


export interface TextVersion {
  id: number;
  /** Each language of a text has its own versions. */
  lang: Language;
  version: number;
  body: string;
  /** SHA-256 of the body, recorded with every entry and consent that used this version. */
  sha256: string;
  createdAt: string;
  /** An entry has used this version: it can no longer change (editing makes a new version). */
  inUse: boolean;
}

export interface EventSummary {
  id: number;
  uuid: string;
  name: string;
  startsOn: string;
  endsOn: string;
  location: string;
  /** A repeat entry (same email or phone) is stored and flagged instead of refused. */
  acceptDuplicates: boolean;
  entryCount: number;
}

export interface EventDetail extends EventSummary {
  /** The current version in each language; null only for an event written before texts had languages. */
  rules: Record<Language, TextVersion | null>;
  notice: Record<Language, TextVersion | null>;
  /** Older versions of every language, newest first (bodies included: a manager may need to see what was agreed to). */
  rulesHistory: TextVersion[];
  noticeHistory: TextVersion[];
  /** Shown with the event's name in the kiosk; '' for none. */
  prize: Record<Language, string>;
  /** The current survey, in order. */
  questions: (SurveyQuestion & { inUse: boolean })[];
}

const publicText = (label: string, max: number) => longText(label, max).refine((v) => v.trim().length > 0, rule('required', { message: `${label} is required.` }));

const eventFields = {
  name: requiredText('Event name', 200),
  startsOn: isoDate('Start date'),
  endsOn: isoDate('End date'),
  location: requiredText('Location', 200),
  acceptDuplicates: z.boolean(),
  /**
   * Both languages are required: the kiosk shows each entrant the rules and notice in the language
   * they chose, and an entrant can only agree to a text they can read.
   */
  rulesText: z.object({ fi: publicText('Contest rules in Finnish', 20_000), en: publicText('Contest rules in English', 20_000) }).strict(),
  noticeText: z.object({ fi: publicText('Marketing consent notice in Finnish', 5_000), en: publicText('Marketing consent notice in English', 5_000) }).strict(),
  /** Optional; a prize written in one language only is shown in both. */
  prize: z.object({ fi: text('Prize in Finnish', 300), en: text('Prize in English', 300) }).strict().default({ fi: '', en: '' }),
};

const datesInOrder = (v: { startsOn: string; endsOn: string }) => v.endsOn >= v.startsOn;
const DATES_MESSAGE = rule('event_dates_order', { path: ['endsOn'] });

export const eventCreateInput = z.object(eventFields).strict().refine(datesInOrder, DATES_MESSAGE);
export const eventUpdateInput = z
  .object({ id, ...eventFields })
  .strict()
  .refine(datesInOrder, DATES_MESSAGE);

export const questionInput = z
  .object({
    /** Present for a question that already exists; omitted for a new one. */
    id: id.optional(),
    kind: z.enum(QUESTION_KINDS, { error: 'Choose a question type.' }),
    prompt: requiredText('Question', 300),
    options: z.array(requiredText('Option', 100)).max(MAX_OPTIONS, `At most ${MAX_OPTIONS} options.`),
    required: z.boolean(),
  })
  .strict()
  .superRefine((q, ctx) => {
    const choice = q.kind === 'single' || q.kind === 'multiple';
    if (choice && q.options.length < 2) ctx.addIssue({ code: 'custom', ...rule('options_too_few', { path: ['options'] }) });
    if (!choice && q.options.length > 0) ctx.addIssue({ code: 'custom', ...rule('options_not_allowed', { path: ['options'] }) });
    if (new Set(q.options.map((o) => o.toLowerCase())).size !== q.options.length) ctx.addIssue({ code: 'custom', ...rule('options_duplicate', { path: ['options'] }) });
  });
export type QuestionInput = z.input<typeof questionInput>;

export const setSurveyInput = z
  .object({ eventId: id, questions: z.array(questionInput).max(MAX_QUESTIONS, `At most ${MAX_QUESTIONS} questions.`) })
  .strict();

const count = z.number().int().min(0);

/** An event as events.list and entries.events answer it. */
export const eventSummary = z
  .object({
    id: z.number().int().positive(),
    uuid: z.string(),
    name: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    location: z.string(),
    acceptDuplicates: z.boolean(),
    /** listEvents hands on the record's prize texts too; they stay in the answer. */
    prize: z.object({ fi: z.string(), en: z.string() }).strict().optional(),
    entryCount: count,
  })
  .strict() satisfies z.ZodType<EventSummary>;

export const eventsFeature = feature('events', {
  channels: {
  'events.list': channel<EventSummary[]>()('events.manage', empty),
  'events.get': channel<EventDetail>()('events.manage', z.object({ id }).strict()),
  'events.create': channel<EventDetail>()('events.manage', eventCreateInput),
  /** Changing a text version that entries used creates a new version; the old one stays as it was. */
  'events.update': channel<EventDetail>()('events.manage', eventUpdateInput),
  'events.setSurvey': channel<EventDetail>()('events.manage', setSurveyInput),
  },
  /**
   * Counts of entries (a million in one event at full size), answered by the query worker: the
   * calls check the event and read its texts and survey by key on the main thread.
   */
  jobs: {
    'events.list': job({ params: z.object({}).strict(), result: z.array(eventSummary) }),
    'events.entryCount': job({ params: z.object({ eventId: id }).strict(), result: z.object({ entryCount: count }).strict() }),
  },
});
