import type { Database } from 'better-sqlite3-multiple-ciphers';
import { appendAudit } from '../audit/log';
import type { Stores } from '../context';
import type { JobRunner } from '../jobs/runner';
import type { Logger } from '../log/logger';
import { findStaffById } from '../staff/repo';
import { entriesAfter } from '../entries/repo';
import { stmt } from '../db/statements';
import type { CaptureAuditProgress } from '../../shared/contract/entries';

/**
 * The audit of captures, kept off the capture's critical path.
 *
 * Every change writes an audit row, and capturing an entry is a change. But the audit log lives in
 * customers.db and the entry in contests.db: auditing inside the capture would cost a second
 * durable commit (a second fsync) per entrant and put the 1 ms capture budget out of reach.
 *
 * So the entry row itself is the durable record of the capture (who, when, which device), and the
 * audit row follows it: right after each capture, on the next turn of the event loop, every entry
 * above a watermark gets its 'entries.capture' row in customers.db. The watermark (the highest
 * audited entries.id) is written in the SAME customers.db transaction as those rows, so each entry
 * is audited exactly once, even across crashes: after a kill between the two commits, the next
 * start finds the unaudited entries above the watermark and audits them. entries.id is
 * AUTOINCREMENT, so an id is never reused below the watermark. Entries pulled from the hub are
 * inserted the same way, so they too land above the watermark and are audited here.
 *
 * A catch-up can be long (after a crash, or when an office device pulls a large backlog), so it
 * runs in batches of one transaction each, bounded by a row count and a time budget, and yields to
 * the event loop between batches: the main thread is never held for more than one batch. There is
 * one catch-up per store at a time; whoever asks while one is under way gets that one, which runs
 * until no entry is left above the watermark, so entries captured meanwhile are included. If the
 * stores close between batches, it stops; the next start continues from the watermark.
 */

export const AUDIT_WATERMARK_KEY = 'booth.auditedEntryId';
/** Entries read per batch: the most one transaction audits. */
const BATCH = 250;
/** How long one batch may audit before it commits and yields, ms; the commit comes on top. */
const BATCH_MS = 5;

type AuditStores = Pick<Stores, 'customers' | 'contests'>;

/**
 * The job runner's view of the workers: a batch starts only while no erasure or granted write turn
 * may be writing, so its BEGIN IMMEDIATE never sits in SQLite's busy wait on the main thread.
 */
export type StoresGate = Pick<JobRunner, 'workersWriting' | 'whenWorkersIdle'>;

/**
 * The catch-up under way per contests connection, with the watermark it started from (for its
 * progress). Removed in the same turn as its last batch.
 */
const running = new WeakMap<Database, { done: Promise<number>; from: number }>();

/**
 * The watermark is a row of customers.db's settings table (the foundation's key/value store for
 * features), read and written here with statements of our own: SettingsService.setValue would drop
 * the service's whole cache after every capture and make the next dispatch reload all settings.
 */
export function auditWatermark(customers: Database): number {
  const row = stmt<[string], { value: string }>(customers, 'SELECT value FROM settings WHERE key = ?').get(AUDIT_WATERMARK_KEY);
  return row ? (JSON.parse(row.value) as number) : 0;
}

function setAuditWatermark(customers: Database, id: number): void {
  stmt(customers, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(AUDIT_WATERMARK_KEY, JSON.stringify(id));
}

/** Whether some entry has no audit row yet. Two indexed lookups. */
function behind(stores: AuditStores): boolean {
  const mark = auditWatermark(stores.customers);
  return stmt<[number], { one: number }>(stores.contests, 'SELECT 1 AS one FROM entries WHERE id > ? LIMIT 1').get(mark) !== undefined;
}

/** Audits the next entries above the watermark in one transaction. `done` when none is left. */
function auditBatch(stores: AuditStores, now: () => string): { written: number; done: boolean } {
  const { customers, contests } = stores;
  return customers
    .transaction(() => {
      const start = performance.now();
      // Read inside the write lock: another connection (a second window's core) may have audited.
      const mark = auditWatermark(customers);
      const rows = entriesAfter(contests, mark, BATCH);
      const names = new Map<number, string>();
      let written = 0;
      for (const r of rows) {
        let actorName = names.get(r.staff_id);
        if (actorName === undefined) {
          actorName = findStaffById(customers, r.staff_id)?.displayName ?? `staff #${r.staff_id}`;
          names.set(r.staff_id, actorName);
        }
        appendAudit(customers, now(), {
          actorId: r.staff_id,
          actorName,
          action: 'entries.capture',
          subjectType: 'entry',
          subjectId: r.uuid,
          details: { eventId: r.event_id, marketingConsent: r.marketing_consent === 1, flaggedDuplicate: r.duplicate_of !== null },
        });
        written++;
        if (performance.now() - start >= BATCH_MS) break;
      }
      if (written > 0) setAuditWatermark(customers, rows[written - 1]!.id);
      return { written, done: written === rows.length && rows.length < BATCH };
    })
    .immediate();
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function catchUp(stores: AuditStores, now: () => string, gate: StoresGate | undefined): Promise<number> {
  let written = 0;
  try {
    for (;;) {
      // First of all: the call that started this answers before any batch runs.
      await nextTurn();
      // Checked in the same turn as the batch, so no write turn can be granted in between.
      while (gate?.workersWriting) await gate.whenWorkersIdle();
      // The core may have closed the stores since the last batch; the next start continues.
      if (!stores.customers.open || !stores.contests.open) return written;
      const batch = auditBatch(stores, now);
      written += batch.written;
      if (batch.done) return written;
    }
  } finally {
    // In the same turn as the last batch: an entry captured after it starts a new catch-up.
    running.delete(stores.contests);
  }
}

/**
 * Audits every entry not yet audited, a batch per turn of the event loop. Returns the catch-up under
 * way if there is one (it covers entries captured since it started), and how many rows it wrote.
 */
export function catchUpCaptureAudit(stores: AuditStores, now: () => string, gate?: StoresGate): Promise<number> {
  const inFlight = running.get(stores.contests);
  if (inFlight) return inFlight.done;
  const from = auditWatermark(stores.customers);
  const started = catchUp(stores, now, gate);
  running.set(stores.contests, { done: started, from });
  return started;
}

/**
 * For the reads of entries: the catch-up to wait for before answering, or null when every entry is
 * audited. Waiting keeps the audit log in order: no read of an entry is recorded before its capture.
 */
export function pendingCaptureAudit(stores: AuditStores, now: () => string, gate: StoresGate): Promise<number> | null {
  return running.get(stores.contests)?.done ?? (behind(stores) ? catchUpCaptureAudit(stores, now, gate) : null);
}

/**
 * How far the audit of captures is, for the Entries screen while its reads wait: `audited` of
 * `total` entries behind when the catch-up started, plus those captured since. Counted in entry ids
 * (the watermark against the highest id), so two indexed looks, never a count over the entries; the
 * ids are consecutive unless an entry was deleted before its audit, and then the count moves on
 * faster over the gap. Only reads: it starts no catch-up.
 */
export function captureAuditProgress(stores: AuditStores): CaptureAuditProgress {
  const mark = auditWatermark(stores.customers);
  const last = stmt<[], { last: number | null }>(stores.contests, 'SELECT max(id) AS last FROM entries').get()!.last ?? 0;
  if (last <= mark) return { state: 'done' };
  // Another connection's catch-up (a second window's core) counts from the watermark as it is now.
  const from = Math.min(running.get(stores.contests)?.from ?? mark, mark);
  return { state: 'catching_up', audited: mark - from, total: last - from };
}

function startInBackground(stores: AuditStores, now: () => string, gate: StoresGate, logger: Logger): void {
  catchUpCaptureAudit(stores, now, gate).catch((e: unknown) => {
    // The entries are safe; their audit rows are written by the next catch-up or the next start.
    logger.error({ err: e }, 'booth capture audit deferred');
  });
}

/** After a capture or a pull of entries: audit them as soon as the current call has answered. Coalesces bursts. */
export function scheduleCaptureAudit(stores: AuditStores, now: () => string, gate: StoresGate, logger: Logger): void {
  if (running.has(stores.contests)) return;
  startInBackground(stores, now, gate, logger);
}

/** For the kiosk's calls: start auditing what a crash left unaudited, without waiting for it. */
export function recoverCaptureAudit(stores: AuditStores, now: () => string, gate: StoresGate, logger: Logger): void {
  if (running.has(stores.contests) || !behind(stores)) return;
  startInBackground(stores, now, gate, logger);
}
