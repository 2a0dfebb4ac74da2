import { z } from 'zod';
import { rule } from '../errors';
import { channel, feature, job } from './define';
import type { JobStatus } from './jobs';
import { empty, isoDate, requiredText } from '../fields';
import { LISTS } from '../customers-lists';

/**
 * Exports of personal data (policy 1a: no selling or distribution). Every kind holds personal data,
 * so every channel needs exports.run; every export is audited with its purpose, kind, filters and
 * row count; the destination comes from the native save dialog in the main process.
 */

/**
 * csv: RFC 4180 (comma, CRLF, UTF-8). csv_bom: the same with a byte order mark. csv_excel_fi: the
 * preset for Excel set to Finnish: semicolon separators, UTF-8 with a byte order mark, CRLF.
 */
export const EXPORT_FORMATS = ['csv', 'csv_bom', 'csv_excel_fi', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_FORMAT_LABELS: Record<ExportFormat, string> = {
  csv: 'CSV (UTF-8)',
  csv_bom: 'CSV for Excel (UTF-8 with BOM)',
  csv_excel_fi: 'CSV for Excel in Finnish (semicolons, UTF-8 with BOM)',
  xlsx: 'Excel workbook (XLSX)',
};

export const EXPORT_FORMAT_EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', csv_bom: 'csv', csv_excel_fi: 'csv', xlsx: 'xlsx' };

export const exportFormat = z.enum(EXPORT_FORMATS, { error: 'Choose a file format.' });

export const EXPORT_KINDS = ['contest_entries', 'contest_marketing', 'accounts', 'marketing_list', 'optouts'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_KIND_LABELS: Record<ExportKind, string> = {
  contest_entries: 'Contest entries of an event',
  contest_marketing: 'Contest entrants who agreed to marketing',
  accounts: 'Customer accounts',
  marketing_list: 'Email marketing list',
  optouts: 'Opt-outs',
};

export const EXPORT_KIND_DESCRIPTIONS: Record<ExportKind, string> = {
  contest_entries: 'Every entry of one event with contact details and survey answers, e.g. for the prize draw.',
  contest_marketing: 'Entrants of one event whose marketing consent is current and who have not opted out of email marketing.',
  accounts: 'Customer accounts with product and status. Service notes and billing details are never included.',
  marketing_list: 'Active customers subscribed to email marketing now, minus every suppressed address.',
  optouts: 'Lists left in a date range, with list, reason and how it was asked.',
};

export const ACCOUNT_STATUS_FILTERS = ['all', 'active', 'cancelled'] as const;
export type AccountStatusFilter = (typeof ACCOUNT_STATUS_FILTERS)[number];

const eventId = z.number({ error: 'Choose an event.' }).int('Choose an event.').positive('Choose an event.');
const productId = z.number({ error: 'Choose a product.' }).int('Choose a product.').positive('Choose a product.');
const dateRange = {
  from: isoDate('From'),
  to: isoDate('To'),
};
const rangeOrdered = (v: { from: string; to: string }) => v.from <= v.to;
const RANGE_MESSAGE = rule('date_range_order', { path: ['to'] });

export const exportFilters = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('contest_entries'), eventId }).strict(),
  z.object({ kind: z.literal('contest_marketing'), eventId }).strict(),
  z.object({ kind: z.literal('accounts'), status: z.enum(ACCOUNT_STATUS_FILTERS, { error: 'Choose which accounts.' }), productId: productId.optional() }).strict(),
  z.object({ kind: z.literal('marketing_list'), productId: productId.optional() }).strict(),
  z
    .object({ kind: z.literal('optouts'), ...dateRange, list: z.enum(LISTS, { error: 'Choose a list.' }).optional() })
    .strict()
    .refine(rangeOrdered, RANGE_MESSAGE),
], { error: 'Choose what to export.' });
export type ExportFilters = z.output<typeof exportFilters>;

export const PURPOSE_MIN = 10;
export const exportPurpose = requiredText('Purpose', 300).refine((v) => v.length >= PURPOSE_MIN, rule('export_purpose_short', { params: { min: PURPOSE_MIN } }));

export const startExportInput = z.object({ format: exportFormat, purpose: exportPurpose, filters: exportFilters }).strict();

/** started: false when the save dialog was cancelled; nothing was read or written. */
export type StartExportResult = { started: false } | { started: true; job: JobStatus; fileName: string };

/** What a finished file-writing job reports to the renderer (JobStatus.result). */
export const savedFileResult = z.object({ rows: z.number(), bytes: z.number(), fileName: z.string() }).strict();
export type ExportJobResult = z.output<typeof savedFileResult>;

/** Set by the main thread only (never by the renderer). Travels in memory to the worker. */
export const exportJobParams = z
  .object({
    filters: exportFilters,
    format: exportFormat,
    /** The hidden temporary file beside the destination; the main thread renames it when audited. */
    tempPath: z.string(),
    sheetName: z.string(),
    /** Key of the suppression HMAC (marketing kinds), from the keychain, which only the main thread reaches. */
    secrets: z.object({ suppressionKeyHex: z.string().optional() }).strict(),
  })
  .strict();

export const exportWorkerOutput = z
  .object({
    rows: z.number(),
    bytes: z.number(),
    /** Time spent reading and writing in the worker, for the benchmark. */
    elapsedMs: z.number(),
  })
  .strict();

export interface ExportKindInfo {
  kind: ExportKind;
  label: string;
  description: string;
  /** False while the data the kind reads does not exist in this version of the stores. */
  available: boolean;
}

export const exportsFeature = feature('exports', {
  jobs: {
    /** Writes the export to the temporary file; the main thread audits it and renames it into place. */
    'exports.write': job({ params: exportJobParams, output: exportWorkerOutput, result: savedFileResult }),
  },
  channels: {
    'exports.kinds': channel<ExportKindInfo[]>()('exports.run', empty),
    /** Asks for the destination with the native save dialog, then runs the export in the background. */
    'exports.start': channel<StartExportResult>()('exports.run', startExportInput),
  },
});
