import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ImportPreview, ImportReport, ImportRowView, ImportSection } from '../../shared/contract/optouts';
import { appendAudit } from '../audit/log';
import type { JobContext, JobKind } from '../jobs/kinds';
import { maskOf, listsIn } from '../../shared/customers-lists';
import { accountStateByEmailNorm, type AccountState } from '../customers/accounts-repo';
import { accountStateById, decide, effectOf, writeOptOut, type OptOutRequest } from './engine';
import { parseImportFile, type ImportRow } from './import-file';
import { emailHasher, suppressionMask } from './suppression';

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

const requestOf = (row: ImportRow, hmac: Buffer): OptOutRequest => ({ hmac, asked: maskOf(row.lists), reason: row.reason, requestedOn: row.date, note: null });

const viewOf = (row: ImportRow, accountId: number | null, effect: ImportRowView['effect']): ImportRowView => ({
  line: row.line,
  email: row.email,
  lists: [...row.lists],
  reason: row.reason,
  date: row.date,
  accountId,
  effect,
});

function parse(job: JobContext, p: ImportJobParams) {
  job.progress(0, 'Reading the file…');
  return parseImportFile(p.content, p.at.slice(0, 10));
}

/**
 * Classifies every row against the stored data, with the same rules as the apply (decide), and
 * writes nothing. Earlier rows of the file are taken into account for later ones, as in the apply.
 */
export const importPreviewJob: JobKind = async (job) => {
  const p = job.params as ImportJobParams;
  const parsed = parse(job, p);
  const db = openForJob(job, true);
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
  // What the rows seen so far would have written, for addresses that come back later in the file.
  const stateAfter = new Map<number, AccountState>();
  const suppressedAfter = new Map<string, number>();
  // One read transaction: a consistent picture even while others write.
  db.prepare('BEGIN').run();
  try {
    for (let i = 0; i < parsed.rows.length; i++) {
      const row = parsed.rows[i]!;
      const stored = accountStateByEmailNorm(db, row.emailNorm);
      const account = stored && (stateAfter.get(stored.id) ?? stored);
      const hmac = hash(row.emailNorm);
      const key = hmac.toString('latin1');
      const suppressedBefore = suppressedAfter.get(key) ?? suppressionMask(db, hmac);
      const d = decide(account, maskOf(row.lists));
      const added = (d.suppress & ~suppressedBefore) !== 0;
      if (account && (d.leave !== 0 || d.cancels)) stateAfter.set(account.id, { id: account.id, status: d.cancels ? 'cancelled' : account.status, lists: account.lists & ~d.leave });
      if (added) suppressedAfter.set(key, suppressedBefore | d.suppress);
      const effect = effectOf(d, added);
      const view = viewOf(row, account?.id ?? null, effect);
      if (account) push(preview.matched, view);
      else push(preview.unknown, view);
      if (d.cancels) push(preview.cancellations, view);
      if (effect === 'no_change') preview.unchanged++;
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
  /** Addresses that gained a list on the suppression list. */
  suppressionAdded: number;
}

const bitCount = (mask: number) => (mask & 1) + ((mask >> 1) & 1) + ((mask >> 2) & 1);

/**
 * Applies the rows in batches of BATCH_ROWS, each batch one transaction with its audit rows, so the
 * main process can keep writing between batches. Every write checks the current state first, so a
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
  const env = { at: p.at, staffId: actor.staffId, device: p.device, importId };
  const totals: ApplyTotals = { changedRows: 0, unchangedRows: 0, unsubscribeEvents: 0, cancelledAccounts: 0, suppressionAdded: 0 };
  const audit = (action: string, subjectType: string | null, subjectId: number | null, details: Record<string, unknown>) =>
    appendAudit(db, p.at, { actorId: actor.staffId, actorName: actor.displayName, action, subjectType, subjectId, details });
  const newestAccount = db.prepare('SELECT max(id) FROM accounts').pluck();

  // Read everything first, in one read transaction: each row's account state and keyed hash.
  // Then the work is ordered: rows of known accounts by account id, then the others by their hash.
  // Rows never affect each other across addresses, and a stable sort keeps each address's own rows
  // in file order, so the outcome is the same as in file order; but the writes now walk the
  // account-state, consent and suppression B-trees in key order instead of jumping around them,
  // which with a million accounts is most of the cost. (Any tie between two addresses in the hash
  // key is harmless: their order does not matter, only each one's own.)
  let accountsUpTo = 0;
  const work = db.transaction(() => {
    accountsUpTo = (newestAccount.get() as number | null) ?? 0;
    return rows.map((row, index) => {
      const account = accountStateByEmailNorm(db, row.emailNorm);
      const hmac = hash(row.emailNorm);
      return { row, index, account, req: requestOf(row, hmac), key: account ? account.id : 2 ** 48 + hmac.readUIntBE(0, 5) };
    });
  })();
  work.sort((a, b) => a.key - b.key || a.index - b.index);

  const batch = db.transaction((from: number, to: number) => {
    const before = { ...totals };
    // An account registered since the read is found by looking again; an account whose state
    // changed since (another row of this file, or someone else) is read again by writeOptOut's check.
    const registeredSince = ((newestAccount.get() as number | null) ?? 0) !== accountsUpTo;
    for (let i = from; i < to; i++) {
      const w = work[i]!;
      let account = w.account ?? (registeredSince ? accountStateByEmailNorm(db, w.row.emailNorm) : null);
      let d = decide(account, w.req.asked);
      let r = writeOptOut(db, env, account, w.req, d);
      if (r.stale) {
        account = accountStateById(db, account!.id);
        d = decide(account, w.req.asked);
        r = writeOptOut(db, env, account, w.req, d);
        if (r.stale) throw new Error(`account ${account?.id} changed inside a transaction`);
      }
      if (effectOf(d, r.suppressionAdded) === 'no_change') {
        totals.unchangedRows++;
        continue;
      }
      totals.changedRows++;
      totals.unsubscribeEvents += bitCount(d.leave);
      if (r.suppressionAdded) totals.suppressionAdded++;
      if (d.cancels) {
        totals.cancelledAccounts++;
        audit('customers.cancel', 'account', account!.id, { importId, reason: w.row.reason, lists: listsIn(d.leave) });
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
