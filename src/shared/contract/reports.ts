import { z } from 'zod';
import { rule } from '../errors';
import { channel } from './define';
import type { JobStatus } from './jobs';
import { isoDate } from '../fields';
import type { MailingList, OptOutReason } from '../customers-lists';
import { exportPurpose, type StartExportResult } from './exports';
import type { PermissionMethod } from './leads';

/**
 * Manager reports (issue 6): counts only, never a person. Built in a worker over a date range;
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
export type Granularity = 'day' | 'week' | 'month';

export interface Section {
  /** False while the stores hold no such data (the feature is not in this version). */
  available: boolean;
}

export interface RegistrationsReport extends Section {
  products: string[];
  /** One point per period; counts by product name. */
  series: { period: string; counts: Record<string, number> }[];
  byProduct: { product: string; count: number }[];
  total: number;
}

export interface OptOutsReport extends Section {
  /** Lists left at the person's request, by list and reason. */
  byListReason: { list: MailingList; reason: OptOutReason; count: number }[];
  byList: { list: MailingList; direct: number; becauseCancelled: number }[];
  /** Direct requests only; the lists withdrawn because an account was cancelled are counted apart. */
  total: number;
  becauseCancelled: number;
  /** Addresses added to the suppression list in the period, with or without an account. */
  suppressed: number;
}

export interface CancellationsReport extends Section {
  series: { period: string; count: number }[];
  byReason: { reason: OptOutReason; count: number }[];
  total: number;
}

export interface ContestEventReport {
  eventId: number;
  name: string;
  days: { day: string; entries: number; consented: number }[];
  entries: number;
  consented: number;
  /** consented / entries, 0..1; null without entries. */
  consentRate: number | null;
}

export interface ContestsReport extends Section {
  events: ContestEventReport[];
  entries: number;
  consented: number;
  consentRate: number | null;
}

export interface LeadsReport extends Section {
  series: { period: string; created: number; converted: number }[];
  byMethod: { method: PermissionMethod; count: number }[];
  byScript: { version: string; count: number }[];
  created: number;
  converted: number;
  /** Leads open now, whenever they were created. */
  openNow: number;
}

export interface ReportData {
  range: ReportRange;
  granularity: Granularity;
  generatedAt: string;
  registrations: RegistrationsReport;
  optouts: OptOutsReport;
  cancellations: CancellationsReport;
  contests: ContestsReport;
  leads: LeadsReport;
}

export const reportsChannels = {
  /** Starts building the report in the background; the job's result is a ReportData. */
  'reports.summary': channel<JobStatus>()('reports.read', reportRange),
  /** Asks where to save with the native dialog, then writes the printable PDF summary in the background. */
  'reports.pdf': channel<StartExportResult>()('reports.read', reportPdfInput),
} as const;
