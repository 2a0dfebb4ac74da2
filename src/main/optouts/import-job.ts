import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ImportPreview, ImportReport, ImportRowView, ImportSection } from '../../shared/contract/optouts';
import { appendAudit } from '../audit/log';
import type { JobContext, JobKind } from '../jobs/kinds';
import { dbStore, optOut, previewStore, type OptOutOutcome, type OptOutRequest } from './engine';
import { parseImportFile, type ImportRow } from './import-file';
import { accountIdOf } from '../customers/accounts-repo';
import { emailHasher } from './suppression';

export interface ImportJobParams {
  fileName: string;
  content: string;
  /** Suppression HMAC key (hex), read from the keychain by the main thread; lives only in memory. */
  keyHex: string;
  /** When the import was started, per the core's clock; recorded on every event. */
  at: string;
  device: string;
}

export const PREVIEW_SAMPLE = 500;
/**
 * Rows per write transaction. Each row touches a few random pages (account index, list state,
 * consent index, suppression); a bigger batch dirties each page once for many rows instead of
 * once per batch, which is most of the cost with a million accounts stored. 50,000 rows commit in
 * about half a second, short enough for the main process's writes to wait (busy_timeout 5 s).
 */
const BATCH_ROWS = 50_000;
/** Page cache of the job's own connection (KiB, negative per SQLite): the indexes of 1M accounts fit. */
const JOB_CACHE_KIB = 128 * 1024;

function openForJob(job: JobContext, readonly: boolean): Database {
  const db = job.open('customers', readonly);
  db.pragma(`cache_size = -${JOB_CACHE_KIB}`);
  return db;
}

const section = <T>(): ImportSection<T> => ({ count: 0, rows: [] });
const push = <T>(s: ImportSection<T>, row: T) => {
  s.count++;
  if (s.rows.length < PREVIEW_SAMPLE) s.rows.push(row);
};

const requestOf = (row: ImportRow, hash: (email: string) => Buffer): OptOutRequest => ({
  emailNorm: row.emailNorm,
  hmac: hash(row.emailNorm),
  lists: row.lists,
  reason: row.reason,
  requestedOn: row.date,
  note: null,
});

const viewOf = (row: ImportRow, out: OptOutOutcome): ImportRowView => ({
  line: row.line,
  email: row.email,
  lists: [...row.lists],
  reason: row.reason,
  date: row.date,
  accountId: out.accountId,
  effect: out.effect,
});

function parse(job: JobContext, p: ImportJobParams) {
  job.progress(0, 'Reading the file…');
  return parseImportFile(p.content, p.at.slice(0, 10));
}

/** Classifies every row against the stored data, with the same rules as the apply, and writes nothing. */
export const importPreviewJob: JobKind = async (job) => {
  const p = job.params as ImportJobParams;
  const parsed = parse(job, p);
  const db = openForJob(job, true);
  const store = previewStore(db);
  const hash = emailHasher(p.keyHex);
  const preview: ImportPreview = {
    fileName: p.fileName,
    sha256: parsed.sha256,
    totalRows: parsed.total,
    matched: section(),
    unknown: section(),
    cancellations: section(),
    invalid: { count: parsed.invalid.length, rows: parsed.invalid.slice(0, PREVIEW_SAMPLE) },
    unchanged: 0,
    sampleLimit: PREVIEW_SAMPLE,
  };
  // One read transaction: a consistent picture even while others write.
  db.prepare('BEGIN').run();
  try {
    for (let i = 0; i < parsed.rows.length; i++) {
      const row = parsed.rows[i]!;
      const out = optOut(store, requestOf(row, hash));
      const view = viewOf(row, out);
      if (out.accountId !== null) push(preview.matched, view);
      else push(preview.unknown, view);
      if (out.cancelled) push(preview.cancellations, view);
      if (out.effect === 'no_change') preview.unchanged++;
      if (i % 10_000 === 9_999) {
        job.progress(i / parsed.rows.length, `Checked ${(i + 1).toLocaleString('en')} of ${parsed.rows.length.toLocaleString('en')} rows…`);
        await job.yieldToMessages();
      }
    }
  } finally {
    db.prepare('COMMIT').run();
  }
  return preview;
};

export interface ApplyTotals {
  changedRows: number;
  unchangedRows: number;
  unsubscribeEvents: number;
  cancelledAccounts: number;
  suppressionAdded: number;
}

/**
 * Applies the rows in batches of BATCH_ROWS, each batch one transaction with its audit rows, so the
 * main process can keep writing between batches. Every step checks the current state first, so a
 * repeated or resumed import changes nothing that is already in effect.
 */
export async function applyRows(
  db: Database,
  rows: readonly ImportRow[],
  p: ImportJobParams,
  actor: JobContext['actor'],
  importId: number,
  onBatch: (done: number) => void | Promise<void> = () => undefined,
): Promise<ApplyTotals> {
  const hash = emailHasher(p.keyHex);
  const store = dbStore(db, { at: p.at, staffId: actor.staffId, device: p.device, importId });
  const totals: ApplyTotals = { changedRows: 0, unchangedRows: 0, unsubscribeEvents: 0, cancelledAccounts: 0, suppressionAdded: 0 };
  const audit = (action: string, subjectType: string | null, subjectId: number | null, details: Record<string, unknown>) =>
    appendAudit(db, p.at, { actorId: actor.staffId, actorName: actor.displayName, action, subjectType, subjectId, details });

  // Work order: rows of known accounts by account id, then the others by their hash. Rows never
  // affect each other across addresses, and a stable sort keeps each address's own rows in file
  // order, so the outcome is the same as in file order; but the writes now walk the account,
  // list-state, consent and suppression B-trees in key order instead of jumping around them, which
  // with a million accounts is most of the cost. The account is looked up again inside each
  // write transaction, so a registration made meanwhile is seen.
  // Sort key: the account id, or for unknown addresses 2^48 plus the first five bytes of the hash
  // (any tie between two addresses is harmless: their order does not matter, only each one's own).
  const work = rows.map((row, index) => {
    const accountId = accountIdOf(db, row.emailNorm);
    const hmac = hash(row.emailNorm);
    return { row, index, accountId, hmac, key: accountId ?? 2 ** 48 + hmac.readUIntBE(0, 5) };
  });
  work.sort((a, b) => a.key - b.key || a.index - b.index);

  const batch = db.transaction((from: number, to: number) => {
    const before = { ...totals };
    for (let i = from; i < to; i++) {
      const { row, hmac, accountId } = work[i]!;
      const out = optOut(store, { emailNorm: row.emailNorm, hmac, lists: row.lists, reason: row.reason, requestedOn: row.date, note: null, accountId });
      if (out.effect === 'no_change') {
        totals.unchangedRows++;
        continue;
      }
      totals.changedRows++;
      totals.unsubscribeEvents += out.unsubscribed.length;
      totals.suppressionAdded += out.suppressed.length;
      if (out.cancelled) {
        totals.cancelledAccounts++;
        audit('customers.cancel', 'account', out.accountId, { importId, reason: row.reason, lists: out.unsubscribed });
      }
    }
    if (totals.changedRows > before.changedRows) {
      audit('optouts.import_batch', 'optout_import', importId, {
        rows: to - from,
        changedRows: totals.changedRows - before.changedRows,
        unsubscribeEvents: totals.unsubscribeEvents - before.unsubscribeEvents,
        cancelledAccounts: totals.cancelledAccounts - before.cancelledAccounts,
        suppressionAdded: totals.suppressionAdded - before.suppressionAdded,
      });
    }
  });

  for (let from = 0; from < work.length; from += BATCH_ROWS) {
    const to = Math.min(work.length, from + BATCH_ROWS);
    batch.immediate(from, to);
    await onBatch(to);
  }
  return totals;
}

export const importApplyJob: JobKind = async (job) => {
  const p = job.params as ImportJobParams;
  const started = Date.now();
  const parsed = parse(job, p);
  const db = openForJob(job, false);
  const actor = job.actor;
  const importId = db
    .transaction(() => {
      const id = Number(
        db
          .prepare('INSERT INTO optout_imports (file_name, file_sha256, started_at, staff_id, rows_total) VALUES (?, ?, ?, ?, ?)')
          .run(p.fileName, parsed.sha256, p.at, actor.staffId, parsed.total).lastInsertRowid,
      );
      appendAudit(db, p.at, { actorId: actor.staffId, actorName: actor.displayName, action: 'optouts.import_start', subjectType: 'optout_import', subjectId: id, details: { rows: parsed.total, sha256: parsed.sha256 } });
      return id;
    })
    .immediate();

  const totals = await applyRows(db, parsed.rows, p, actor, importId, async (done) => {
    job.progress(done / Math.max(1, parsed.rows.length), `Applied ${done.toLocaleString('en')} of ${parsed.rows.length.toLocaleString('en')} rows…`);
    // Cancelling stops here, between committed batches; applying the file again finishes the rest.
    await job.yieldToMessages();
  });

  const report: ImportReport = {
    importId,
    fileName: p.fileName,
    sha256: parsed.sha256,
    totalRows: parsed.total,
    ...totals,
    invalid: { count: parsed.invalid.length, rows: parsed.invalid.slice(0, PREVIEW_SAMPLE) },
    durationMs: Date.now() - started,
  };
  const counts = { ...totals, invalidRows: parsed.invalid.length, totalRows: parsed.total };
  db.transaction(() => {
    db.prepare('UPDATE optout_imports SET finished_at = ?, report = ? WHERE id = ?').run(new Date().toISOString(), JSON.stringify(counts), importId);
    appendAudit(db, p.at, { actorId: actor.staffId, actorName: actor.displayName, action: 'optouts.import', subjectType: 'optout_import', subjectId: importId, details: counts });
  }).immediate();
  return report;
};
