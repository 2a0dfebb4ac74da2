import type { Handlers } from '../context';
import { saveThroughJob } from '../exports/save-flow';
import { REPORT_JOB_KIND, REPORT_PDF_JOB_KIND, type ReportJobParams, type ReportPdfJobParams, type ReportPdfWorkerResult } from './job';

export const reportsHandlers = {
  'reports.summary': (ctx, input) => ctx.services.jobs.start(REPORT_JOB_KIND, { range: input, generatedAt: ctx.now(), timeZone: ctx.timeZone() } satisfies ReportJobParams, ctx.actor),
  /**
   * Counts only, so reports.read is enough (no export permission); audited like every export,
   * with its purpose, because a printed summary leaves the app.
   */
  'reports.pdf': (ctx, input) => {
    const range = { from: input.from, to: input.to };
    return saveThroughJob(ctx, {
      dialog: { title: 'Save summary report', defaultName: `summary-${range.from}-to-${range.to}.pdf`, filters: [{ name: 'PDF document', extensions: ['pdf'] }] },
      jobKind: REPORT_PDF_JOB_KIND,
      params: (tempPath): ReportPdfJobParams => ({ range, generatedAt: ctx.now(), timeZone: ctx.timeZone(), tempPath }),
      audit: (raw, fileName) => ({
        action: 'export.report_summary',
        details: { purpose: input.purpose, kind: 'report_summary', format: 'pdf', filters: range, rows: (raw as ReportPdfWorkerResult).rows, fileName },
      }),
      result: (raw, fileName) => ({ rows: (raw as ReportPdfWorkerResult).rows, bytes: (raw as ReportPdfWorkerResult).bytes, fileName }),
    });
  },
} satisfies Partial<Handlers>;
