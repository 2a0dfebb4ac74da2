import { z } from 'zod';
import { rule } from '../errors';
import { channel } from './define';
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

export interface ImportRowView {
  /** Line number in the file (the header is line 1). */
  line: number;
  email: string;
  lists: MailingList[];
  reason: OptOutReason;
  date: string;
  accountId: number | null;
  /** What applying it does. */
  effect: 'cancel_account' | 'unsubscribe' | 'suppress' | 'no_change';
}

export interface ImportInvalidRow {
  line: number;
  /** The start of the raw line, as text, for the person to find it. */
  excerpt: string;
  reason: string;
}

export interface ImportSection<T> {
  count: number;
  /** The first rows only (see sampleLimit); count is the full number. */
  rows: T[];
}

export interface ImportPreview {
  fileName: string;
  sha256: string;
  totalRows: number;
  /** Rows whose email has an account. */
  matched: ImportSection<ImportRowView>;
  /** Rows whose email has no account: the address will be suppressed. */
  unknown: ImportSection<ImportRowView>;
  /** Rows that would cancel an account (technical advisories). Also counted in matched. */
  cancellations: ImportSection<ImportRowView>;
  invalid: ImportSection<ImportInvalidRow>;
  /** Valid rows that would change nothing (already unsubscribed or suppressed, or repeated in the file). */
  unchanged: number;
  sampleLimit: number;
}

export interface ImportReport {
  importId: number;
  fileName: string;
  sha256: string;
  totalRows: number;
  /** Valid rows that changed something. */
  changedRows: number;
  unchangedRows: number;
  invalid: ImportSection<ImportInvalidRow>;
  /** Consent withdrawal events written. */
  unsubscribeEvents: number;
  cancelledAccounts: number;
  /** Addresses put on the suppression list, or given another list there (one entry per address). */
  suppressionAdded: number;
  durationMs: number;
}

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

export const optoutsChannels = {
  'optouts.find': channel<OptOutLookup>()('optouts.process', z.object({ email: emailField }).strict()),
  'optouts.process': channel<OptOutResult>()('optouts.process', optOutInput),
  /** Starts a background preview; the job's result is an ImportPreview. */
  'optouts.previewImport': channel<JobStatus>()('imports.run', importInput),
  /** Starts the background apply; the job's result is an ImportReport. Applying a file twice changes nothing. */
  'optouts.applyImport': channel<JobStatus>()('imports.run', importInput),
  /** The newest imports (at most IMPORT_HISTORY_LIMIT), so a stopped one can be finished. */
  'optouts.imports': channel<ImportHistoryRow[]>()('imports.run', z.object({}).strict()),
} as const;
