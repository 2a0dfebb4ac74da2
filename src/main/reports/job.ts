import fs from 'node:fs';
import type { ParsedJobParams } from '../../shared/contract';
import { fsyncFile } from '../exports/save-flow';
import type { JobBody, JobContext } from '../jobs/job-context';
import { renderReportPdf } from './pdf';
import { buildReport } from './queries';

function build(job: JobContext<'reports.summary' | 'reports.pdf'>, p: ParsedJobParams<'reports.summary'>) {
  job.progress(0.05, 'counting');
  return buildReport(job.open('customers', true), job.open('contests', true), p.range, p.generatedAt, p.timeZone);
}

/** Worker: the report's figures. */
export const reportJob: JobBody<'reports.summary'> = async (job) => {
  const report = build(job, job.params);
  job.progress(1, 'finished');
  return report;
};

/** Worker: the figures, printed to the temporary PDF the main thread renames when audited. */
export const reportPdfJob: JobBody<'reports.pdf'> = async (job) => {
  const p = job.params;
  try {
    const report = build(job, p);
    job.checkCancelled();
    job.progress(0.6, 'printing');
    const { rows } = await renderReportPdf(report, p.tempPath);
    job.checkCancelled();
    fsyncFile(p.tempPath);
    return { rows, bytes: fs.statSync(p.tempPath).size };
  } catch (e) {
    fs.rmSync(p.tempPath, { force: true });
    throw e;
  }
};
