import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AccessLogRow } from '../../shared/contract/dsr';
import type { AuditRow } from '../../shared/contract/audit';
import { listAudit, toAuditRow } from '../audit/log';
import { auditRowsOfSubject } from './subject';

/**
 * The managers' access log: reads and exports of personal data (audit actions read.* and export.*),
 * newest first. Either all of them, or only those about one person.
 */

const toRow = ({ details: _details, ...row }: AuditRow): AccessLogRow => row;

export function allReads(db: Database, opts: { beforeSeq?: number; limit: number }): { rows: AccessLogRow[]; nextBeforeSeq: number | null } {
  const page = listAudit(db, { ...opts, readsOnly: true });
  return { rows: page.rows.map(toRow), nextBeforeSeq: page.nextBeforeSeq };
}

export function readsOfSubject(
  db: Database,
  ids: { accountId: number | null; leadIds: readonly number[]; entryUuids: readonly string[] },
  opts: { beforeSeq?: number; limit: number },
): { rows: AccessLogRow[]; nextBeforeSeq: number | null } {
  const rows = auditRowsOfSubject(db, ids, { readsOnly: true, beforeSeq: opts.beforeSeq, limit: opts.limit }).map((r) => toRow(toAuditRow(r)));
  return { rows, nextBeforeSeq: rows.length === opts.limit ? rows[rows.length - 1]!.seq : null };
}
