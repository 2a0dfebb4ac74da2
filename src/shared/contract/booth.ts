import { z } from 'zod';
import { rule } from '../errors';
import { channel } from './define';
import { answersInput, entrantFields, MAX_OPTIONS, MAX_QUESTIONS, QUESTION_KINDS, type AnswerValue, type QuestionKind, type SurveyQuestion } from '../booth';
import { empty, id, isoDate, longText, requiredText, uuid } from '../fields';

/**
 * Issue 4: events (managers), the booth kiosk (booth staff) and the entries it captures into
 * contests.db (policy 2d), with the neutral age screen (policy 6).
 */

// ---------------------------------------------------------------------------------------------
// Events

export interface TextVersion {
  id: number;
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
  rules: TextVersion;
  notice: TextVersion;
  /** Older versions, newest first (bodies included: a manager may need to see what was agreed to). */
  rulesHistory: TextVersion[];
  noticeHistory: TextVersion[];
  /** The current survey, in order. */
  questions: (SurveyQuestion & { inUse: boolean })[];
}

const eventFields = {
  name: requiredText('Event name', 200),
  startsOn: isoDate('Start date'),
  endsOn: isoDate('End date'),
  location: requiredText('Location', 200),
  acceptDuplicates: z.boolean(),
  rulesText: longText('Contest rules', 20_000).refine((v) => v.trim().length > 0, rule('required', { message: 'Contest rules are required.' })),
  noticeText: longText('Marketing consent notice', 5_000).refine((v) => v.trim().length > 0, rule('required', { message: 'The marketing consent notice is required.' })),
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

// ---------------------------------------------------------------------------------------------
// Booth (kiosk)

export interface BoothEvent {
  id: number;
  name: string;
  location: string;
  startsOn: string;
  endsOn: string;
}

/** What the kiosk needs to run an event. Holds no entrant data. */
export interface KioskConfig {
  event: BoothEvent;
  rules: { id: number; version: number; body: string };
  notice: { id: number; version: number; body: string };
  questions: SurveyQuestion[];
  /** Idle time before the "are you still there?" countdown (the kioskIdleSeconds setting). */
  kioskIdleSeconds: number;
  /** Length of that countdown, after which the partial entry is discarded. */
  countdownSeconds: number;
}

/** Booth staff see counts, never an entrant's data. */
export interface BoothCounts {
  eventId: number;
  total: number;
  today: number;
  flaggedDuplicates: number;
  /** Entries refused by the age screen: an anonymous count, nothing else is kept. */
  notEligible: number;
}

export type CaptureOutcome =
  /** Durably committed, with its sync outbox row. */
  | { outcome: 'saved'; entryId: string; flaggedDuplicate: boolean }
  /** Same email or phone as an earlier entry of this event, and the event refuses repeats. Nothing stored. */
  | { outcome: 'already_entered' }
  /** Refused by the age screen. Nothing stored but the anonymous count. */
  | { outcome: 'not_eligible' };

const birthDate = isoDate('Date of birth');

export const captureInput = z
  .object({
    eventId: id,
    /** The versions the entrant was shown: that is what they accepted and consented to. */
    rulesVersionId: id,
    noticeVersionId: id,
    /** The survey questions the entrant was shown (required ones are checked among these). */
    questionIds: z.array(id).max(MAX_QUESTIONS),
    birthDate,
    ...entrantFields,
    answers: answersInput,
    rulesAccepted: z.literal(true, { error: 'Please accept the contest rules to enter.' }),
    /** Marketing use only with the entrant's consent; unchecked unless they tick it. */
    marketingConsent: z.boolean(),
  })
  .strict();
export type CaptureInput = z.input<typeof captureInput>;

// ---------------------------------------------------------------------------------------------
// Entries (managers)

export interface EntryRow {
  id: string;
  capturedAt: string;
  name: string;
  email: string;
  phone: string;
  title: string;
  company: string;
  marketingConsent: boolean;
  /** The earlier entry with the same email or phone, when this one was accepted anyway. */
  duplicateOf: string | null;
}

export interface EntryDetail extends EntryRow {
  eventId: number;
  address: string;
  device: string;
  rules: { version: number; sha256: string };
  notice: { version: number; sha256: string };
  answers: { questionId: number; prompt: string; kind: QuestionKind; answer: AnswerValue }[];
}

export interface EntryStats {
  eventId: number;
  total: number;
  consented: number;
  flaggedDuplicates: number;
  notEligible: number;
  /** Local calendar day of the booth, YYYY-MM-DD. */
  byDay: { day: string; count: number }[];
  /** Per day and hour (0..23) of the booth's local time. */
  byHour: { day: string; hour: number; count: number }[];
}

export const entriesListInput = z
  .object({
    eventId: id,
    /** Matches name, email, phone or company (case-insensitive, anywhere in the text). */
    search: z.string().trim().max(200).default(''),
    duplicates: z.enum(['all', 'flagged']).default('all'),
    consent: z.enum(['all', 'given', 'not_given']).default('all'),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

export const boothChannels = {
  'events.list': channel<EventSummary[]>()('events.manage', empty),
  'events.get': channel<EventDetail>()('events.manage', z.object({ id }).strict()),
  'events.create': channel<EventDetail>()('events.manage', eventCreateInput),
  /** Changing a text version that entries used creates a new version; the old one stays as it was. */
  'events.update': channel<EventDetail>()('events.manage', eventUpdateInput),
  'events.setSurvey': channel<EventDetail>()('events.manage', setSurveyInput),

  /** Today's events, for booth staff to pick one. */
  'booth.events': channel<BoothEvent[]>()('booth.capture', empty),
  'booth.config': channel<KioskConfig>()('booth.capture', z.object({ eventId: id }).strict()),
  'booth.counts': channel<BoothCounts>()('booth.capture', z.object({ eventId: id }).strict()),
  /** The neutral age screen. Refusals are counted per event and nothing else is kept. */
  'booth.checkAge': channel<{ eligible: boolean }>()('booth.capture', z.object({ eventId: id, birthDate }).strict()),
  /** Local only: no network. Answers after the durable commit of the entry and its outbox row. */
  'booth.capture': channel<CaptureOutcome>()('booth.capture', captureInput),

  /** Events with entry counts, for the managers' entries screen. */
  'entries.events': channel<EventSummary[]>()('entries.read', empty),
  'entries.list': channel<{ total: number; rows: EntryRow[] }>()('entries.read', entriesListInput),
  'entries.get': channel<EntryDetail>()('entries.read', z.object({ id: uuid }).strict()),
  'entries.stats': channel<EntryStats>()('entries.read', z.object({ eventId: id }).strict()),
} as const;
