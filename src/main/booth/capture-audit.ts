import type { Database } from 'better-sqlite3-multiple-ciphers';
import { appendAudit } from '../audit/log';
import type { Stores } from '../context';
import type { Logger } from '../log/logger';
import { findStaffById } from '../staff/repo';
import { entriesAfter } from '../entries/repo';
import { stmt } from '../db/statements';

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
 * start finds the unaudited entries above the watermark and audits them (recoverCaptureAudit).
 * entries.id is AUTOINCREMENT, so an id is never reused below the watermark.
 */

export const AUDIT_WATERMARK_KEY = 'booth.auditedEntryId';
const BATCH = 500;

const scheduled = new WeakSet<Database>();
const recovered = new WeakSet<Database>();

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

/** Writes the audit rows of every entry not yet audited. Returns how many it wrote. */
export function flushCaptureAudit(stores: Stores, now: () => string): number {
  const { customers, contests } = stores;
  let written = 0;
  for (;;) {
    // The core may have closed the stores since this flush was scheduled; the next start catches up.
    if (!customers.open || !contests.open) return written;
    const n = customers
      .transaction(() => {
        // Read inside the write lock: another connection (a second window's core) may have flushed.
        const mark = auditWatermark(customers);
        const rows = entriesAfter(contests, mark, BATCH);
        if (rows.length === 0) return 0;
        const names = new Map<number, string>();
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
        }
        setAuditWatermark(customers, rows[rows.length - 1]!.id);
        return rows.length;
      })
      .immediate();
    written += n;
    if (n < BATCH) return written;
  }
}

/** After a capture: audit it as soon as the current call has answered. Coalesces bursts. */
export function scheduleCaptureAudit(stores: Stores, now: () => string, logger: Logger): void {
  if (scheduled.has(stores.contests)) return;
  scheduled.add(stores.contests);
  setImmediate(() => {
    scheduled.delete(stores.contests);
    try {
      flushCaptureAudit(stores, now);
    } catch (e) {
      // The entries are safe; their audit rows are written by the next flush or the next start.
      logger.error({ err: e }, 'booth capture audit deferred');
    }
  });
}

/** Once per opened store: audit entries that a crash left unaudited. */
export function recoverCaptureAudit(stores: Stores, now: () => string): void {
  if (recovered.has(stores.contests)) return;
  flushCaptureAudit(stores, now);
  recovered.add(stores.contests);
}
