import { z } from 'zod';
import { rule } from '../errors';
import { channel, feature, job } from './define';
import type { JobStatus } from './jobs';
import { isoDate } from '../fields';
import { LISTS, OPT_OUT_REASONS } from '../customers-lists';
import { exportPurpose, savedFileResult, type StartExportResult } from './exports';
import { PERMISSION_METHODS } from './leads';

/**
 * Manager reports: counts only, never a person. Built in a worker over a date range;
 * a section whose data this version of the stores does not hold says so (available: false).
 */

export const REPORT_MAX_DAYS = 3 * 366;

const DAY_MS = 86_400_000;
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

export const reportRange = z
  .object({ from: isoDate('From'), to: isoDate('To') })
  .strict()
  .refine((v) => v.from <= v.to, rule('date_range_order', { path: ['to'] }))
  .refine((v) => daysBetween(v.from, v.to) < REPORT_MAX_DAYS, rule('date_range_too_long', { params: { maxDays: REPORT_MAX_DAYS }, path: ['to'] }));
export type ReportRange = z.output<typeof reportRange>;

export const reportPdfInput = z
  .object({ from: isoDate('From'), to: isoDate('To'), purpose: exportPurpose })
  .strict()
  .refine((v) => v.from <= v.to, rule('date_range_order', { path: ['to'] }))
  .refine((v) => daysBetween(v.from, v.to) < REPORT_MAX_DAYS, rule('date_range_too_long', { params: { maxDays: REPORT_MAX_DAYS }, path: ['to'] }));

/** Periods of the time series: days for up to two months, ISO weeks up to a year, then months. */
export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** available: false while the stores hold no such data (the feature is not in this version). */
const section = <T extends z.ZodRawShape>(shape: T) => z.object({ available: z.boolean(), ...shape }).strict();
const count = z.number().int().nonnegative();
const list = z.enum(LISTS);
const reason = z.enum(OPT_OUT_REASONS);

const registrationsReport = section({
  products: z.array(z.string()),
  /** One point per period; counts by product name. */
  series: z.array(z.object({ period: z.string(), counts: z.record(z.string(), count) }).strict()),
  byProduct: z.array(z.object({ product: z.string(), count }).strict()),
  total: count,
});

const optOutsReport = section({
  /** Lists left at the person's request, by list and reason. */
  byListReason: z.array(z.object({ list, reason, count }).strict()),
  byList: z.array(z.object({ list, direct: count, becauseCancelled: count }).strict()),
  /** Direct requests only; the lists withdrawn because an account was cancelled are counted apart. */
  total: count,
  becauseCancelled: count,
  /** Addresses added to the suppression list in the period, with or without an account. */
  suppressed: count,
});

const cancellationsReport = section({
  series: z.array(z.object({ period: z.string(), count }).strict()),
  byReason: z.array(z.object({ reason, count }).strict()),
  total: count,
});

/** consented / entries, 0..1; null without entries. */
const rate = z.number().min(0).max(1).nullable();

const contestEventReport = z
  .object({
    eventId: z.number().int(),
    name: z.string(),
    days: z.array(z.object({ day: z.string(), entries: count, consented: count }).strict()),
    entries: count,
    consented: count,
    consentRate: rate,
  })
  .strict();
export type ContestEventReport = z.output<typeof contestEventReport>;

const contestsReport = section({ events: z.array(contestEventReport), entries: count, consented: count, consentRate: rate });

const leadsReport = section({
  series: z.array(z.object({ period: z.string(), created: count, converted: count }).strict()),
  byMethod: z.array(z.object({ method: z.enum(PERMISSION_METHODS), count }).strict()),
  byScript: z.array(z.object({ version: z.string(), count }).strict()),
  created: count,
  converted: count,
  /** Leads open now, whenever they were created. */
  openNow: count,
});

export const reportData = z
  .object({
    range: z.object({ from: z.string(), to: z.string() }).strict(),
    granularity: z.enum(GRANULARITIES),
    generatedAt: z.string(),
    registrations: registrationsReport,
    optouts: optOutsReport,
    cancellations: cancellationsReport,
    contests: contestsReport,
    leads: leadsReport,
  })
  .strict();
export type ReportData = z.output<typeof reportData>;
export type RegistrationsReport = ReportData['registrations'];
export type OptOutsReport = ReportData['optouts'];
export type CancellationsReport = ReportData['cancellations'];
export type ContestsReport = ReportData['contests'];
export type LeadsReport = ReportData['leads'];

/** Set by the main thread: the range, and "now" per the core's clock so reports and their tests agree on it. */
export const reportJobParams = z
  .object({
    range: z.object({ from: z.string(), to: z.string() }).strict(),
    generatedAt: z.string(),
    /** The business time zone the days are counted in. */
    timeZone: z.string(),
  })
  .strict();
export const reportPdfJobParams = reportJobParams.extend({ tempPath: z.string() }).strict();

export const reportsFeature = feature('reports', {
  jobs: {
    /** The report's figures. */
    'reports.summary': job({ params: reportJobParams, result: reportData }),
    /** The figures printed to the temporary PDF the main thread renames into place when audited. */
    'reports.pdf': job({ params: reportPdfJobParams, output: z.object({ rows: count, bytes: count }).strict(), result: savedFileResult }),
  },
  channels: {
    /** Starts building the report in the background; the job's result is a ReportData. */
    'reports.summary': channel<JobStatus>()('reports.read', reportRange),
    /** Asks where to save with the native dialog, then writes the printable PDF summary in the background. */
    'reports.pdf': channel<StartExportResult>()('reports.read', reportPdfInput),
  },
});
