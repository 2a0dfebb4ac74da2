import { z } from 'zod';
import { channel, feature, job } from './define';
import { answersInput, entrantFields, MAX_QUESTIONS, type SurveyQuestion } from '../booth';
import { empty, id, isoDate } from '../fields';
import { LANGUAGES, type Language } from '../i18n';

/**
 * The booth kiosk (booth staff): it captures contest and survey entries into contests.db
 * (policy 2d), with the neutral age screen (policy 6). Booth staff see counts, never an entrant.
 */

export interface BoothEvent {
  id: number;
  name: string;
  location: string;
  startsOn: string;
  endsOn: string;
}

/** A rules or notice version as the kiosk shows it. */
export interface KioskText {
  id: number;
  /** The language the text is written in. */
  lang: Language;
  version: number;
  body: string;
}

/** What the kiosk needs to run an event. Holds no entrant data. */
export interface KioskConfig {
  event: BoothEvent;
  /**
   * What an entrant who chose each language is shown. Every event written since texts have
   * languages has both; for an older one, the text it has stands in for the missing language and
   * `lang` says which language it is.
   */
  rules: Record<Language, KioskText>;
  notice: Record<Language, KioskText>;
  /** Shown with the event's name; a prize written in one language only stands in for the other. */
  prize: Record<Language, { lang: Language; text: string } | null>;
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
    /** The language the entrant chose. */
    language: z.enum(LANGUAGES),
    /** The versions the entrant was shown (each in one language): that is what they accepted and consented to. */
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

const count = z.number().int().min(0);

const boothCounts = z
  .object({ eventId: z.number().int().positive(), total: count, today: count, flaggedDuplicates: count, notEligible: count })
  .strict() satisfies z.ZodType<BoothCounts>;

export const boothFeature = feature('booth', {
  channels: {
  /** Today's events, for booth staff to pick one. */
  'booth.events': channel<BoothEvent[]>()('booth.capture', empty),
  'booth.config': channel<KioskConfig>()('booth.capture', z.object({ eventId: id }).strict()),
  'booth.counts': channel<BoothCounts>()('booth.capture', z.object({ eventId: id }).strict()),
  /** The neutral age screen. Refusals are counted per event and nothing else is kept. */
  'booth.checkAge': channel<{ eligible: boolean }>()('booth.capture', z.object({ eventId: id, birthDate }).strict()),
  /** Local only: no network. Answers after the durable commit of the entry and its outbox row. */
  'booth.capture': channel<CaptureOutcome>()('booth.capture', captureInput),
  },
  /**
   * The kiosk's counts, answered by the query worker (a local thread: no network): counting an
   * event's entries takes a pass over its index, a million rows at full size. `today` is the
   * booth's local day, read from the core's clock on the main thread.
   */
  jobs: {
    'booth.counts': job({ params: z.object({ eventId: id, today: isoDate('Today') }).strict(), result: boothCounts }),
  },
});
