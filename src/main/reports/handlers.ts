import type { FeatureHandlers } from '../context';
import { saveThroughJob } from '../exports/save-flow';

export const reportsHandlers = {
  'reports.summary': (ctx, input) => ctx.services.jobs.start('reports.summary', { range: { from: input.from, to: input.to }, generatedAt: ctx.now(), timeZone: ctx.timeZone() }, ctx.actor),
  /**
   * Counts only, so reports.read is enough (no export permission); audited like every export,
   * with its purpose, because a printed summary leaves the app.
   */
  'reports.pdf': (ctx, input) => {
    const range = { from: input.from, to: input.to };
    return saveThroughJob(ctx, {
      dialog: { title: 'Save summary report', defaultName: `summary-${range.from}-to-${range.to}.pdf`, filters: [{ name: 'PDF document', extensions: ['pdf'] }] },
      jobKind: 'reports.pdf',
      params: (tempPath) => ({ range, generatedAt: ctx.now(), timeZone: ctx.timeZone(), tempPath }),
      audit: (output, fileName) => ({
        action: 'export.report_summary',
        details: { purpose: input.purpose, kind: 'report_summary', format: 'pdf', filters: range, rows: output.rows, fileName },
      }),
      result: (output, fileName) => ({ rows: output.rows, bytes: output.bytes, fileName }),
    });
  },
} satisfies FeatureHandlers<'reports'>;
