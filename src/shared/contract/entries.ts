import { z } from 'zod';
import { channel, feature, job } from './define';
import type { AnswerValue, QuestionKind } from '../booth';
import { empty, id, uuid, checked } from '../fields';
import { eventSummary, type EventSummary } from './events';
import type { Language } from '../i18n';

/** The text version an entrant accepted: its version number, its language and the SHA-256 of its body. */
export interface AcceptedText {
  version: number;
  lang: Language;
  sha256: string;
}

/** The contest and survey entries captured at the booth, as managers read them. Every read is audited. */


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
  /** The language the entrant chose in the kiosk. */
  language: Language;
  rules: AcceptedText;
  notice: AcceptedText;
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

/**
 * How far the core is with the audit rows of captures. The reads of entries wait until every entry
 * is audited (no read is recorded before a capture); after a crash or a large pull from the hub that
 * takes a while, and the Entries screen shows this meanwhile. `audited` of `total` counts the
 * entries behind when the catch-up started, and those captured since.
 */
export type CaptureAuditProgress = { state: 'done' } | { state: 'catching_up'; audited: number; total: number };

/** A page of the entries list. */
export interface EntryPage {
  /** Matches in all; a search counts only so far past the page, and then sets `more`. */
  total: number;
  /** A search found more than `total` matches (it stopped counting there). */
  more: boolean;
  rows: EntryRow[];
}

/** How the entries list is ordered: a column and a direction. Ties fall back to capture order. */
export const entrySorts = ['created_desc', 'created_asc', 'name_asc', 'name_desc', 'email_asc', 'email_desc'] as const;
export type EntrySort = (typeof entrySorts)[number];

export const entriesListInput = z
  .object({
    eventId: id,
    /** Name, email, phone or company, case and diacritics folded, anywhere in the text; one or two characters match the start of the email. */
    search: z.string().trim().max(200).superRefine(checked('Search', false)).default(''),
    duplicates: z.enum(['all', 'flagged']).default('all'),
    consent: z.enum(['all', 'given', 'not_given']).default('all'),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).default(0),
    /** Newest first unless asked; with a search, another order sorts every match before paging. */
    sort: z.enum(entrySorts).default('created_desc'),
  })
  .strict();

const count = z.number().int().min(0);

const entryRow = z
  .object({
    id: z.string(),
    capturedAt: z.string(),
    name: z.string(),
    email: z.string(),
    phone: z.string(),
    title: z.string(),
    company: z.string(),
    marketingConsent: z.boolean(),
    duplicateOf: z.string().nullable(),
  })
  .strict() satisfies z.ZodType<EntryRow>;

const entryPage = z.object({ total: count, more: z.boolean(), rows: z.array(entryRow) }).strict() satisfies z.ZodType<EntryPage>;

const entryStats = z
  .object({
    eventId: z.number().int().positive(),
    total: count,
    consented: count,
    flaggedDuplicates: count,
    notEligible: count,
    byDay: z.array(z.object({ day: z.string(), count }).strict()),
    byHour: z.array(z.object({ day: z.string(), hour: z.number().int().min(0).max(23), count }).strict()),
  })
  .strict() satisfies z.ZodType<EntryStats>;

export const entriesFeature = feature('entries', {
  channels: {
  /** Events with entry counts, for the managers' entries screen. */
  'entries.events': channel<EventSummary[]>()('entries.read', empty),
  'entries.list': channel<EntryPage>()('entries.read', entriesListInput),
  'entries.get': channel<EntryDetail>()('entries.read', z.object({ id: uuid }).strict()),
  'entries.stats': channel<EntryStats>()('entries.read', z.object({ eventId: id }).strict()),
  /** Polled while the reads above wait for the capture audit; shows no entry, so it is not audited. */
  'entries.auditProgress': channel<CaptureAuditProgress>()('entries.read', empty),
  },
  /**
   * Reads of the entries screen that scan an event's entries (a million at full size), answered by
   * the query worker; the calls check the event and write their audit rows on the main thread.
   */
  jobs: {
    'entries.events': job({ params: z.object({}).strict(), result: z.array(eventSummary) }),
    'entries.list': job({ params: entriesListInput, result: entryPage }),
    'entries.stats': job({ params: z.object({ eventId: id }).strict(), result: entryStats }),
  },
});
