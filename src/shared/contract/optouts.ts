import { z } from 'zod';
import { rule } from '../errors';
import { channel, feature, job } from './define';
import { isoDate, text } from '../fields';
import { emailField } from '../email';
import { LISTS, OPT_OUT_REASONS, type MailingList, type OptOutReason } from '../customers-lists';
import type { JobStatus } from './jobs';
import type { AccountSummary, ListState } from './customers';

export interface OptOutLookup {
  /** The address as it will be matched (normalised). */
  email: string;
  account: (AccountSummary & { lists: ListState[] }) | null;
  /** Lists this address is already suppressed on. */
  suppressed: MailingList[];
}

export interface OptOutResult {
  accountId: number | null;
  /** True when this request cancelled the account (technical advisories left). */
  cancelled: boolean;
  /** Lists whose membership changed. */
  unsubscribed: MailingList[];
  /** Lists asked for that were already left: nothing changed for them. */
  alreadyUnsubscribed: MailingList[];
  /** Lists newly added to the suppression list for this address. */
  suppressed: MailingList[];
}

export const optOutReason = z.enum(OPT_OUT_REASONS, { error: 'Choose a reason.' });

export const optOutInput = z
  .object({
    email: emailField,
    lists: z
      .array(z.enum(LISTS, { error: 'Unknown list.' }))
      .min(1, 'Choose at least one list.')
      .max(LISTS.length)
      .refine((l) => new Set(l).size === l.length, rule('lists_unique')),
    reason: optOutReason,
    requestedOn: isoDate('Request date'),
    note: text('Note', 500).optional(),
    /** Required when technical advisories is chosen for an active account: it cancels the account. */
    confirmCancellation: z.boolean().default(false),
  })
  .strict()
  .refine((v) => v.reason !== 'other' || (v.note ?? '').length > 0, rule('optout_note_required', { path: ['note'] }));

/** Largest import file accepted (characters of decoded text). */
export const IMPORT_MAX_CHARS = 64 * 1024 * 1024;

export const importInput = z
  .object({
    fileName: text('File name', 255),
    content: z
      .string({ error: 'Choose a CSV file.' })
      .min(1, 'The file is empty.')
      .max(IMPORT_MAX_CHARS, `The file is too large. Split it into files of at most ${IMPORT_MAX_CHARS / 1024 / 1024} MB.`),
  })
  .strict();

const count = z.number().int().nonnegative();

export const importRowView = z
  .object({
    /** Line number in the file (the header is line 1). */
    line: z.number().int(),
    email: z.string(),
    lists: z.array(z.enum(LISTS)),
    reason: z.enum(OPT_OUT_REASONS),
    date: z.string(),
    accountId: z.number().int().nullable(),
    /** What applying it does. */
    effect: z.enum(['cancel_account', 'unsubscribe', 'suppress', 'no_change']),
  })
  .strict();
export type ImportRowView = z.output<typeof importRowView>;

export const importInvalidRow = z
  .object({
    line: z.number().int(),
    /** The start of the raw line, as text, for the person to find it. */
    excerpt: z.string(),
    reason: z.string(),
  })
  .strict();
export type ImportInvalidRow = z.output<typeof importInvalidRow>;

/** count is the full number; rows the first ones only (see sampleLimit). */
const importSection = <T extends z.ZodType>(row: T) => z.object({ count, rows: z.array(row) }).strict();
export interface ImportSection<T> {
  count: number;
  rows: T[];
}

export const importPreview = z
  .object({
    fileName: z.string(),
    sha256: z.string(),
    totalRows: count,
    /** Rows whose email has an account. */
    matched: importSection(importRowView),
    /** Rows whose email has no account: the address will be suppressed. */
    unknown: importSection(importRowView),
    /** Rows that would cancel an account (technical advisories). Also counted in matched. */
    cancellations: importSection(importRowView),
    invalid: importSection(importInvalidRow),
    /** Valid rows that would change nothing (already unsubscribed or suppressed, or repeated in the file). */
    unchanged: count,
    sampleLimit: count,
  })
  .strict();
export type ImportPreview = z.output<typeof importPreview>;

export const importReport = z
  .object({
    importId: z.number().int(),
    fileName: z.string(),
    sha256: z.string(),
    totalRows: count,
    /** Valid rows that changed something. */
    changedRows: count,
    unchangedRows: count,
    invalid: importSection(importInvalidRow),
    /** Consent withdrawal events written. */
    unsubscribeEvents: count,
    cancelledAccounts: count,
    /** Addresses put on the suppression list, or given another list there (one entry per address). */
    suppressionAdded: count,
    durationMs: z.number(),
  })
  .strict();
export type ImportReport = z.output<typeof importReport>;

/**
 * What a preview read, kept in the main process for the apply of the same file (see plan-cache):
 * columns, one entry per valid row in file order, so a file of a million rows stays compact.
 */
export const importPlan = z
  .object({
    sha256: z.string(),
    /** Data rows in the file, valid or not. */
    totalRows: count,
    invalid: importSection(importInvalidRow),
    /** Valid rows; every column below has one entry per valid row, in file order. */
    rows: count,
    /** LIST_BIT bits of the lists asked for. */
    asked: z.instanceof(Uint8Array),
    /** Index into OPT_OUT_REASONS. */
    reasons: z.instanceof(Uint8Array),
    /** Index into dates (a file has few distinct dates). */
    dateIndex: z.instanceof(Uint16Array),
    dates: z.array(z.string()),
    /** The normalised addresses, one per line (an address has no line break). */
    emails: z.string(),
    /** The newest account id when it was read: an account registered since is looked up again. */
    accountsUpTo: z.number(),
    /** 0 where no account has the address. */
    accountIds: z.instanceof(Float64Array),
    /** Index into ACCOUNT_STATUSES. */
    statuses: z.instanceof(Uint8Array),
    lists: z.instanceof(Uint8Array),
    hmacs: z.instanceof(Uint8Array),
  })
  .strict();
export type ImportPlan = z.output<typeof importPlan>;

/** Set by the main thread only; travels in memory to the worker. */
export const importJobParams = z
  .object({
    fileName: z.string(),
    /** The file as UTF-8, moved to the worker (not copied on the main thread). */
    content: z.instanceof(Uint8Array),
    /** Suppression HMAC key (hex), read from the keychain by the main thread; lives only in memory. */
    keyHex: z.string(),
    /** When the import was started, per the core's clock; recorded on every event. */
    at: z.string(),
    /** Today in the business time zone: the latest date a row may carry. */
    today: z.string(),
    device: z.string(),
    /** What the preview of this same file read, when there was one (the usual case): the apply then reads nothing again. */
    plan: importPlan.optional(),
  })
  .strict();
export type ImportJobParams = z.output<typeof importJobParams>;

/** An apply of an import file, newest first on the import screen. */
export interface ImportHistoryRow {
  importId: number;
  fileName: string;
  sha256: string;
  startedAt: string;
  staffName: string;
  totalRows: number;
  /**
   * finished: applied to the end; running: being applied now; stopped: cancelled or cut off (the
   * app closed) before the end, with a later import of the same file still to come; resumed: stopped,
   * then finished by applying the same file again.
   */
  state: 'finished' | 'running' | 'stopped' | 'resumed';
  finishedAt: string | null;
  /** What the apply did, once finished. */
  counts: Pick<ImportReport, 'changedRows' | 'unchangedRows' | 'unsubscribeEvents' | 'cancelledAccounts' | 'suppressionAdded'> | null;
}

export const IMPORT_HISTORY_LIMIT = 20;

export type { OptOutReason };

export const optoutsFeature = feature('optouts', {
  jobs: {
    /** Classifies every row and writes nothing; the main process keeps the plan for the apply. */
    'optouts.importPreview': job({ params: importJobParams, output: z.object({ preview: importPreview, plan: importPlan }).strict(), result: importPreview }),
    /** Applies the file in batches; applying it twice changes nothing. */
    'optouts.importApply': job({ params: importJobParams, result: importReport }),
  },
  channels: {
    'optouts.find': channel<OptOutLookup>()('optouts.process', z.object({ email: emailField }).strict()),
    'optouts.process': channel<OptOutResult>()('optouts.process', optOutInput),
    /** Starts a background preview; the job's result is an ImportPreview. */
    'optouts.previewImport': channel<JobStatus>()('optouts.import', importInput, { cardCheckInJob: ['content'] }),
    /** Starts the background apply; the job's result is an ImportReport. Applying a file twice changes nothing. */
    'optouts.applyImport': channel<JobStatus>()('optouts.import', importInput, { cardCheckInJob: ['content'] }),
    /** The newest imports (at most IMPORT_HISTORY_LIMIT), so a stopped one can be finished. */
    'optouts.imports': channel<ImportHistoryRow[]>()('optouts.import', z.object({}).strict()),
  },
});
