import type { Database } from 'better-sqlite3-multiple-ciphers';
import { IMPORT_HISTORY_LIMIT, type ImportHistoryRow } from '../../shared/contract/optouts';

interface Stored {
  id: number;
  file_name: string;
  file_sha256: string;
  started_at: string;
  finished_at: string | null;
  rows_total: number;
  report: string | null;
  job_id: string | null;
  staff_name: string;
  finished_later: 0 | 1;
}

/** The newest imports, each with what became of it. `isRunning` asks the task runner about a task id. */
export function importHistory(db: Database, isRunning: (jobId: string) => boolean): ImportHistoryRow[] {
  const rows = db
    .prepare(
      `SELECT i.*, s.display_name AS staff_name,
              EXISTS (SELECT 1 FROM optout_imports l WHERE l.file_sha256 = i.file_sha256 AND l.id > i.id AND l.finished_at IS NOT NULL) AS finished_later
         FROM optout_imports i JOIN staff s ON s.id = i.staff_id
        ORDER BY i.id DESC LIMIT ?`,
    )
    .all(IMPORT_HISTORY_LIMIT) as Stored[];
  return rows.map((r) => {
    const report = r.report === null ? null : (JSON.parse(r.report) as NonNullable<ImportHistoryRow['counts']>);
    const state: ImportHistoryRow['state'] =
      r.finished_at !== null ? 'finished' : r.job_id !== null && isRunning(r.job_id) ? 'running' : r.finished_later === 1 ? 'resumed' : 'stopped';
    return {
      importId: r.id,
      fileName: r.file_name,
      sha256: r.file_sha256,
      startedAt: r.started_at,
      staffName: r.staff_name,
      totalRows: r.rows_total,
      state,
      finishedAt: r.finished_at,
      counts: report && {
        changedRows: report.changedRows,
        unchangedRows: report.unchangedRows,
        unsubscribeEvents: report.unsubscribeEvents,
        cancelledAccounts: report.cancelledAccounts,
        suppressionAdded: report.suppressionAdded,
      },
    };
  });
}
