import fs from 'node:fs';
import type { ReportRange } from '../../shared/contract/reports';
import { fsyncFile } from '../exports/save-flow';
import type { JobContext } from '../jobs/kinds';
import { renderReportPdf } from './pdf';
import { buildReport } from './queries';

export const REPORT_JOB_KIND = 'reports.summary';
export const REPORT_PDF_JOB_KIND = 'reports.pdf';

export interface ReportJobParams {
  range: ReportRange;
  /** "Now" per the core's clock, so reports and their tests agree on it. */
  generatedAt: string;
  /** The business time zone the days are counted in. */
  timeZone: string;
}

export interface ReportPdfJobParams extends ReportJobParams {
  tempPath: string;
}

export interface ReportPdfWorkerResult {
  rows: number;
  bytes: number;
}

function build(job: JobContext, p: ReportJobParams) {
  job.progress(0.05, 'Counting…');
  return buildReport(job.open('customers', true), job.open('contests', true), p.range, p.generatedAt, p.timeZone);
}

/** Worker: the report's figures. */
export async function reportJob(job: JobContext) {
  const report = build(job, job.params as ReportJobParams);
  job.progress(1, 'Done.');
  return report;
}

/** Worker: the figures, printed to the temporary PDF the main thread renames when audited. */
export async function reportPdfJob(job: JobContext): Promise<ReportPdfWorkerResult> {
  const p = job.params as ReportPdfJobParams;
  try {
    const report = build(job, p);
    job.checkCancelled();
    job.progress(0.6, 'Printing…');
    const { rows } = await renderReportPdf(report, p.tempPath);
    job.checkCancelled();
    fsyncFile(p.tempPath);
    return { rows, bytes: fs.statSync(p.tempPath).size };
  } catch (e) {
    fs.rmSync(p.tempPath, { force: true });
    throw e;
  }
}
