import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AccessLogRow } from '../../shared/contract/dsr';
import { auditRowsOfSubject, type AuditRowOut } from './subject';

/**
 * The managers' access log: reads and exports of personal data (audit actions read.* and export.*),
 * newest first. Either all of them, or only those about one person.
 */

const toRow = (r: AuditRowOut): AccessLogRow => ({
  seq: r.seq,
  at: r.at,
  actorId: r.actor_id,
  actorName: r.actor_name,
  action: r.action,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
});

export function allReads(db: Database, opts: { beforeSeq?: number; limit: number }): { rows: AccessLogRow[]; nextBeforeSeq: number | null } {
  const params: unknown[] = [];
  let sql = "SELECT * FROM audit_log WHERE (action >= 'read.' AND action < 'read/' OR action >= 'export.' AND action < 'export/')";
  if (opts.beforeSeq !== undefined) {
    sql += ' AND seq < ?';
    params.push(opts.beforeSeq);
  }
  sql += ' ORDER BY seq DESC LIMIT ?';
  const rows = (db.prepare(sql).all(...params, opts.limit) as AuditRowOut[]).map(toRow);
  return { rows, nextBeforeSeq: rows.length === opts.limit ? rows[rows.length - 1]!.seq : null };
}

export function readsOfSubject(
  db: Database,
  ids: { accountId: number | null; leadIds: readonly number[]; entryUuids: readonly string[] },
  opts: { beforeSeq?: number; limit: number },
): { rows: AccessLogRow[]; nextBeforeSeq: number | null } {
  const rows = auditRowsOfSubject(db, ids, { readsOnly: true, beforeSeq: opts.beforeSeq, limit: opts.limit }).map(toRow);
  return { rows, nextBeforeSeq: rows.length === opts.limit ? rows[rows.length - 1]!.seq : null };
}
