import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ImportJobParams, ImportPreview, ImportReport, ImportRowView, ImportSection } from '../../shared/contract/optouts';
import { appendAudit } from '../audit/log';
import type { JobOutput } from '../../shared/contract';
import type { JobBody, JobContext } from '../jobs/job-context';
import { maskOf, listsIn } from '../../shared/customers-lists';
import { accountStateByEmailNorm, type AccountState } from '../accounts/accounts-repo';
import { readingSharedOnce } from '../replica/accounts';
import { accountStateById, decide, effectOf, writeAccountChange, type OptOutDecision, type OptOutRequest } from './engine';
import { fileSha256, IMPORT_MAX_ROWS, parseImportFile, refuseCardNumbers, type ImportRow } from './import-file';
import { addSuppression, emailHasher, suppressionMask, type SuppressionEntry } from '../accounts/suppression';
import { SuppressionBatch } from '../sync/suppression-feed';
import { newestAccountId, planAccount, planDate, planEmails, planHash32, planHmac, planImport, planReason, readRows, type ImportPlan } from './import-plan';

export type { ImportJobParams };
type ImportKind = 'optouts.importPreview' | 'optouts.importApply';

/** The preview job's output: the preview for people, the plan for the apply (kept in the main process). */
export type PreviewJobResult = JobOutput<'optouts.importPreview'>;

export const PREVIEW_SAMPLE = 500;
const PROGRESS_ROWS = 10_000;
/**
 * Rows per write transaction. Each row touches a few pages (account state, consent index,
 * suppression); a bigger batch dirties each page once for many rows instead of once per batch,
 * which is most of the cost with a million accounts stored. 50,000 rows commit in a few tenths of
 * a second; each batch is a write turn (JobContext.writeTurn), so the main process's calls that
 * may write wait for it without blocking the event loop.
 */
export const IMPORT_BATCH_ROWS = 50_000;
/** Page cache of the job's own connection (KiB, negative per SQLite): the indexes of 1M accounts fit. */
const JOB_CACHE_KIB = 128 * 1024;

function openForJob(job: JobContext<ImportKind>, readonly: boolean): Database {
  const db = job.open('customers', readonly);
  db.pragma(`cache_size = -${JOB_CACHE_KIB}`);
  // No checkpoint in the apply: SQLite's automatic one would run inside most of its batch commits,
  // lengthening each write turn and copying pages that later batches write again. The job runner has
  // the checkpoint worker copy the WAL once, after the job has answered.
  if (!readonly) db.pragma('wal_autocheckpoint = 0');
  return db;
}

const section = <T>(): ImportSection<T> => ({ count: 0, rows: [] });
/** Counts the row; builds it only while the sample has room. */
const push = <T>(s: ImportSection<T>, row: () => T) => {
  s.count++;
  if (s.rows.length < PREVIEW_SAMPLE) s.rows.push(row());
};

const viewOf = (row: ImportRow, accountId: number | null, effect: ImportRowView['effect']): ImportRowView => ({
  line: row.line,
  email: row.email,
  lists: [...row.lists],
  reason: row.reason,
  date: row.date,
  accountId,
  effect,
});

/** The file as text, refused whole if it holds a card number. */
function readContent(p: ImportJobParams): string {
  const content = new TextDecoder().decode(p.content);
  refuseCardNumbers(content);
  return content;
}

function parse(job: JobContext<ImportKind>, p: ImportJobParams) {
  job.progress(0, 'reading_file');
  return parseImportFile(readContent(p), p.today);
}

/**
 * Classifies every row against the stored data, with the same rules as the apply (decide), and
 * writes nothing. Earlier rows of the file are taken into account for later ones, as in the apply.
 */
export const importPreviewJob: JobBody<'optouts.importPreview'> = async (job) => {
  const p = job.params;
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
  const classify = (i: number, stored: AccountState | null, hmac: Buffer) => {
    const row = parsed.rows[i]!;
    const account = stored && (stateAfter.get(stored.id) ?? stored);
    const key = hmac.toString('latin1');
    const suppressedBefore = suppressedAfter.get(key) ?? suppressionMask(db, hmac);
    const d = decide(account, maskOf(row.lists));
    const added = (d.suppress & ~suppressedBefore) !== 0;
    if (account && (d.leave !== 0 || d.cancels)) stateAfter.set(account.id, { id: account.id, status: d.cancels ? 'cancelled' : account.status, lists: account.lists & ~d.leave });
    if (added) suppressedAfter.set(key, suppressedBefore | d.suppress);
    const effect = effectOf(d, added);
    const view = () => viewOf(row, account?.id ?? null, effect);
    push(account ? preview.matched : preview.unknown, view);
    if (d.cancels) push(preview.cancellations, view);
    if (effect === 'no_change') preview.unchanged++;
  };
  const emails = parsed.rows.map((r) => r.emailNorm);
  const n = emails.length;
  // One read transaction: a consistent picture even while others write.
  db.prepare('BEGIN').run();
  let plan: ImportPlan;
  try {
    plan = planImport(db, parsed, PREVIEW_SAMPLE);
    for (let from = 0; from < n; from += PROGRESS_ROWS) {
      readRows(db, plan, emails, hash, from, Math.min(n, from + PROGRESS_ROWS), classify);
      job.progress(from / n, 'checking_rows', { done: Math.min(n, from + PROGRESS_ROWS), total: n });
      await job.yieldToMessages();
    }
  } finally {
    db.prepare('COMMIT').run();
  }
  return { preview, plan } satisfies PreviewJobResult;
};

export interface ApplyTotals {
  changedRows: number;
  unchangedRows: number;
  unsubscribeEvents: number;
  cancelledAccounts: number;
  /** Addresses that gained a list on the suppression list. */
  suppressionAdded: number;
}

/** Room for a row index below a sort key (2^21 > IMPORT_MAX_ROWS), and the key of rows with no account; key x slots stays below 2^53. */
const ROW_SLOTS = 2 ** 21;
const NO_ACCOUNT = 2 ** 32 - 1;
if (IMPORT_MAX_ROWS > ROW_SLOTS) throw new Error('IMPORT_MAX_ROWS does not fit the sort keys');
const bitCount = (mask: number) => (mask & 1) + ((mask >> 1) & 1) + ((mask >> 2) & 1);
/** A decision in one byte (leave: bits 0-2, suppress: bits 3-5, cancels: bit 6), kept per row until the totals. */
const packDecision = (d: OptOutDecision) => d.leave | (d.suppress << 3) | (d.cancels ? 64 : 0);
const unpackDecision = (b: number): OptOutDecision => ({ leave: b & 7, suppress: (b >> 3) & 7, cancels: (b & 64) !== 0 });

/**
 * Applies a plan's rows in two steps, each in batches of IMPORT_BATCH_ROWS rows, one transaction per
 * batch with its audit rows, so the main process can keep writing between batches:
 * 1. the suppression list, in hash order, so each batch covers one stretch of the table and no page
 *    of it is written twice (a batch of random hashes would rewrite nearly every page each time);
 * 2. the accounts, in account id order: list state, withdrawal events and cancellations (each
 *    cancellation with its audit row in the same transaction).
 * Suppression comes first so that an import stopped part way (cancelled, or the app closed) never
 * leaves an address unsubscribed from its account but still on offer to the contest and marketing
 * exports, which check the suppression list. Step 1 suppresses what the rows ask for as the plan
 * read the accounts; where step 2 finds an account changed since and decides again, any further
 * list goes on the suppression list in step 2's own transaction.
 * Each transaction also queues the opt-outs it added for the hub, a few outbox rows of many
 * changes each (SuppressionBatch), so none is left unqueued or queued twice whatever stops it.
 * Rows never affect each other across addresses, and the sorts are stable, so each address's own
 * rows stay in file order and the outcome is the one of file order. Every write checks the state
 * it was decided on, so a repeated, resumed or interrupted import changes nothing already in effect
 * and finishes the rest.
 */
export async function applyRows(
  db: Database,
  plan: ImportPlan,
  p: ImportJobParams,
  actor: JobContext['actor'],
  importId: number,
  onBatch: (done: number, total: number) => void | Promise<void> = () => undefined,
  writeTurn: <T>(write: () => T) => Promise<T> = async (write) => write(),
): Promise<ApplyTotals> {
  const env = { at: p.at, staffId: actor.staffId, device: p.device, importId };
  const audit = (action: string, subjectType: string | null, subjectId: number | null, details: Record<string, unknown>) =>
    appendAudit(db, p.at, { actorId: actor.staffId, actorName: actor.displayName, action, subjectType, subjectId, details });
  let emails: string[] | null = null;
  const n = plan.rows;

  // Columns, not an object per row: this runs for every row of files of a million rows. Each sort
  // key carries its row's index in the low bits, so a plain numeric sort (several times faster than
  // one with a comparator) orders rows by key and keeps file order among equal keys.
  const byAccount = new Float64Array(n);
  const byHash = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const id = plan.accountIds[i]!;
    if (id >= NO_ACCOUNT) throw new Error(`account id ${id} is too large to sort by`);
    // Rows with no account (as read) last, where they cost a lookup only if accounts were added since.
    byAccount[i] = (id || NO_ACCOUNT) * ROW_SLOTS + i;
    byHash[i] = planHash32(plan, i) * ROW_SLOTS + i;
  }
  byAccount.sort();
  byHash.sort();
  const decisions = new Uint8Array(n);
  const added = new Uint8Array(n);
  const entry: SuppressionEntry = { reason: 'other', requestedOn: '', at: env.at, staffId: env.staffId, importId };
  const requestOf = (i: number): OptOutRequest => ({ hmac: planHmac(plan, i), asked: plan.asked[i]!, reason: planReason(plan, i), requestedOn: planDate(plan, i), note: null });

  const suppressed = new Uint8Array(n);
  // `queued` collects the opt-outs of one transaction, queued for the hub at its end in a few rows.
  const suppress = (i: number, mask: number, queued: SuppressionBatch): boolean => {
    entry.reason = planReason(plan, i);
    entry.requestedOn = planDate(plan, i);
    suppressed[i] = suppressed[i]! | mask;
    if (!addSuppression(db, planHmac(plan, i), mask, entry, queued)) return false;
    added[i] = 1;
    return true;
  };

  const suppressionBatch = db.transaction((from: number, to: number) => {
    const queued = new SuppressionBatch(env.at);
    let count = 0;
    for (let k = from; k < to; k++) {
      const i = byHash[k]! % ROW_SLOTS;
      if (suppress(i, decide(planAccount(plan, i), plan.asked[i]!).suppress, queued)) count++;
    }
    queued.enqueue(db);
    if (count > 0) audit('optouts.import_batch', 'optout_import', importId, { step: 'suppression', rows: to - from, suppressionAdded: count });
  });

  const accountsBatch = db.transaction((from: number, to: number) => readingSharedOnce(db, () => {
    const queued = new SuppressionBatch(env.at);
    let events = 0;
    let cancelled = 0;
    let suppressedNow = 0;
    // An account registered since the read is found by looking again; an account whose state
    // changed since (another row of this file, or someone else) is read again when the write's
    // check finds it changed. A row whose account needed nothing as read is left alone: a change
    // since then (a new explicit consent) is newer than the request.
    const registeredSince = newestAccountId(db) !== plan.accountsUpTo;
    for (let k = from; k < to; k++) {
      const i = byAccount[k]! % ROW_SLOTS;
      let account = planAccount(plan, i);
      if (account === null && registeredSince) account = accountStateByEmailNorm(db, (emails ??= planEmails(plan))[i]!);
      let d = decide(account, plan.asked[i]!);
      if (account !== null && (d.leave !== 0 || d.cancels)) {
        const req = requestOf(i);
        if (!writeAccountChange(db, env, account, req, d)) {
          account = accountStateById(db, account.id);
          d = decide(account, req.asked);
          if (!writeAccountChange(db, env, account, req, d)) throw new Error(`account ${account?.id} changed inside a transaction`);
        }
        events += bitCount(d.leave);
        if (d.cancels) {
          cancelled++;
          audit('customers.cancel', 'account', account!.id, { importId, reason: req.reason, lists: listsIn(d.leave) });
        }
      }
      const more = d.suppress & ~suppressed[i]!;
      const counted = added[i] === 1;
      if (more !== 0 && suppress(i, more, queued) && !counted) suppressedNow++;
      decisions[i] = packDecision(d);
    }
    queued.enqueue(db);
    if (events > 0 || cancelled > 0 || suppressedNow > 0) {
      audit('optouts.import_batch', 'optout_import', importId, { step: 'accounts', rows: to - from, unsubscribeEvents: events, cancelledAccounts: cancelled, suppressionAdded: suppressedNow });
    }
  }));

  for (const step of [suppressionBatch, accountsBatch]) {
    for (let from = 0; from < n; from += IMPORT_BATCH_ROWS) {
      const to = Math.min(n, from + IMPORT_BATCH_ROWS);
      await writeTurn(() => step.immediate(from, to));
      await onBatch((step === suppressionBatch ? 0 : n) + to, 2 * n);
    }
  }

  const totals: ApplyTotals = { changedRows: 0, unchangedRows: 0, unsubscribeEvents: 0, cancelledAccounts: 0, suppressionAdded: 0 };
  for (let i = 0; i < n; i++) {
    const d = unpackDecision(decisions[i]!);
    if (effectOf(d, added[i] === 1) === 'no_change') {
      totals.unchangedRows++;
      continue;
    }
    totals.changedRows++;
    totals.unsubscribeEvents += bitCount(d.leave);
    totals.suppressionAdded += added[i]!;
    if (d.cancels) totals.cancelledAccounts++;
  }
  return totals;
}

/**
 * The plan of the preview that read this very file, or a new one: the file parsed and every row
 * read now, in one read transaction.
 */
function planFor(job: JobContext<ImportKind>, db: Database, p: ImportJobParams): ImportPlan {
  job.progress(0, 'reading_file');
  // The preview that made the plan read these very bytes, and refused them had they held a card number.
  if (p.plan && p.plan.sha256 === fileSha256(p.content)) return p.plan;
  const parsed = parseImportFile(readContent(p), p.today);
  job.progress(0, 'looking_up');
  const emails = parsed.rows.map((r) => r.emailNorm);
  return db.transaction(() => {
    const plan = planImport(db, parsed, PREVIEW_SAMPLE);
    readRows(db, plan, emails, emailHasher(p.keyHex), 0, emails.length);
    return plan;
  })();
}

export const importApplyJob: JobBody<'optouts.importApply'> = async (job) => {
  const p = job.params;
  const started = Date.now();
  const db = openForJob(job, false);
  // A file with a card number stops here, before the first write below: in planFor, or in the
  // preview that made the plan.
  const plan = planFor(job, db, p);
  const actor = job.actor;
  const importId = await job.writeTurn(() =>
    db
      .transaction(() => {
        const id = Number(
          db
            .prepare('INSERT INTO optout_imports (file_name, file_sha256, started_at, staff_id, rows_total, job_id) VALUES (?, ?, ?, ?, ?, ?)')
            .run(p.fileName, plan.sha256, p.at, actor.staffId, plan.totalRows, job.jobId).lastInsertRowid,
        );
        appendAudit(db, p.at, { actorId: actor.staffId, actorName: actor.displayName, action: 'optouts.import_start', subjectType: 'optout_import', subjectId: id, details: { rows: plan.totalRows, sha256: plan.sha256 } });
        return id;
      })
      .immediate(),
  );

  const totals = await applyRows(
    db,
    plan,
    p,
    actor,
    importId,
    async (done, total) => {
      job.progress(
        done / Math.max(1, total),
        done <= plan.rows ? 'updating_suppression' : 'updating_accounts',
        { done: done <= plan.rows ? done : done - plan.rows, total: plan.rows },
      );
      // Cancelling stops here, between committed batches; applying the file again finishes the rest.
      await job.yieldToMessages();
    },
    (write) => job.writeTurn(write),
  );

  const report: ImportReport = {
    importId,
    fileName: p.fileName,
    sha256: plan.sha256,
    totalRows: plan.totalRows,
    ...totals,
    invalid: plan.invalid,
    durationMs: Date.now() - started,
  };
  const counts = { ...totals, invalidRows: plan.invalid.count, totalRows: plan.totalRows };
  await job.writeTurn(() =>
    db
      .transaction(() => {
        db.prepare('UPDATE optout_imports SET finished_at = ?, report = ? WHERE id = ?').run(new Date().toISOString(), JSON.stringify(counts), importId);
        appendAudit(db, p.at, { actorId: actor.staffId, actorName: actor.displayName, action: 'optouts.import', subjectType: 'optout_import', subjectId: importId, details: counts });
      })
      .immediate(),
  );
  return report;
};
