import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { perConnection } from '../db/statements';
import type { AuditRow, AuditVerification } from '../../shared/contract/audit';
import { AUDIT_GENESIS as GENESIS, auditHashInput, type AuditChainFields } from '../../shared/sync/audit-chain';

const rowHash = (prevHash: string, r: AuditChainFields): string => createHash('sha256').update(auditHashInput(prevHash, r), 'utf8').digest('hex');

export interface AuditEntry {
  actorId: number | null;
  actorName: string;
  action: string;
  subjectType?: string | null;
  subjectId?: string | number | null;
  details?: Record<string, unknown>;
}

/** SQL condition for the rows that record a read or export of personal data; ranges, so the action index serves it. */
export const READS_OF_PERSONAL_DATA = "(action >= 'read.' AND action < 'read/' OR action >= 'export.' AND action < 'export/')";

/** An audit_log row as SQLite returns it. */
export interface StoredRow extends AuditChainFields {
  prev_hash: string;
  hash: string;
}

const prepared = perConnection((db) => ({
  head: db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
  insert: db.prepare(
    'INSERT INTO audit_log (seq, at, actor_id, actor_name, action, subject_type, subject_id, details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)',
  ),
  setHead: db.prepare('INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash'),
}));

/**
 * Appends one row. Must run inside the caller's write transaction, so the audit row commits or
 * rolls back with the change it records. The head is read inside that transaction, so several
 * connections (main process, workers) can append safely.
 */
export function appendAudit(db: Database, at: string, e: AuditEntry): number {
  if (!db.inTransaction) throw new Error('appendAudit must run inside a transaction');
  const s = prepared(db);
  const head = s.head.get() as { seq: number; hash: string } | undefined;
  const seq = (head?.seq ?? 0) + 1;
  const prev = head?.hash ?? GENESIS;
  const row = {
    seq,
    at,
    actor_id: e.actorId,
    actor_name: e.actorName,
    action: e.action,
    subject_type: e.subjectType ?? null,
    subject_id: e.subjectId === undefined || e.subjectId === null ? null : String(e.subjectId),
    details: JSON.stringify(e.details ?? {}),
  };
  const hash = rowHash(prev, row);
  s.insert.run(row.seq, row.at, row.actor_id, row.actor_name, row.action, row.subject_type, row.subject_id, row.details, prev, hash);
  s.setHead.run(seq, hash);
  return seq;
}

/**
 * Walks the chain in seq order and names the first row that was altered, removed or reordered.
 * The seq is what matters; the problem label is a best guess for the person reading it.
 */
export function verifyAudit(db: Database): AuditVerification {
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<StoredRow>;
  let prevHash = GENESIS;
  let expectedSeq = 1;
  let count = 0;
  for (const r of rows) {
    count++;
    if (r.seq !== expectedSeq) return { ok: false, rows: count, firstBadSeq: expectedSeq, problem: 'removed' };
    if (r.prev_hash !== prevHash) {
      // Links that are intact but point elsewhere mean rows were moved; a link to nothing means a row is gone.
      const linkedElsewhere = db.prepare('SELECT 1 FROM audit_log WHERE hash = ? OR (prev_hash = ? AND seq <> ?) LIMIT 1').get(r.prev_hash, r.hash, r.seq + 1);
      const problem = linkedElsewhere ? 'reordered' : rowHash(r.prev_hash, r) === r.hash ? 'removed' : 'altered';
      return { ok: false, rows: count, firstBadSeq: r.seq, problem };
    }
    if (rowHash(prevHash, r) !== r.hash) return { ok: false, rows: count, firstBadSeq: r.seq, problem: 'altered' };
    prevHash = r.hash;
    expectedSeq++;
  }
  const head = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
  // appendAudit writes the head with every row, so rows without a head mean the head was deleted to
  // hide rows cut from the end; how many is unknown, so name the first seq after the survivors.
  if (!head && count > 0) return { ok: false, rows: count, firstBadSeq: expectedSeq, problem: 'truncated' };
  if (head && (head.seq !== expectedSeq - 1 || head.hash !== prevHash)) {
    return { ok: false, rows: count, firstBadSeq: Math.min(head.seq, expectedSeq), problem: 'truncated' };
  }
  return { ok: true, rows: count };
}

export function toAuditRow(r: StoredRow): AuditRow {
  return {
    seq: r.seq,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    details: JSON.parse(r.details) as Record<string, unknown>,
  };
}

export function listAudit(db: Database, opts: { beforeSeq?: number; limit: number; action?: string; readsOnly?: boolean }): { rows: AuditRow[]; nextBeforeSeq: number | null } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.beforeSeq !== undefined) {
    where.push('seq < ?');
    params.push(opts.beforeSeq);
  }
  if (opts.action) {
    where.push('action = ?');
    params.push(opts.action);
  }
  if (opts.readsOnly) where.push(READS_OF_PERSONAL_DATA);
  const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
  const rows = (db.prepare(sql).all(...params, opts.limit) as StoredRow[]).map(toAuditRow);
  return { rows, nextBeforeSeq: rows.length === opts.limit ? rows[rows.length - 1]!.seq : null };
}
