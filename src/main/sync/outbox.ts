import { hash } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { SyncFlaggedRecord, SyncRecordKind } from '../../shared/contract/sync';
import { PUSH_REFUSAL_CODES, REPLICA_TABLES, type PushRefusalCode, type ReplicaTable } from '../../shared/sync/protocol';
import { stmt } from '../db/statements';
import { uuidV7 } from '../../shared/uuid7';

/**
 * The sync outbox of one store (contests.db or customers.db; both have the same table). A row is
 * written in the caller's transaction together with the record it carries. Its payload is kept as
 * the exact string that will be sent, and the SHA-256 of those bytes is computed here, once: the
 * table's triggers refuse any later change of payload or hash.
 */

export const OUTBOX_KINDS = ['contest_entry', 'event', 'suppression'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export interface OutboxRow {
  id: string;
  kind: OutboxKind;
  payload: string;
  sha256: string;
  createdAt: string;
}

/** One-shot hash: several times cheaper per row than createHash for payloads this small (most rows carry one change). */
export const sha256Hex = (text: string) => hash('sha256', text, 'hex');

/**
 * Call inside the transaction that writes the record. Returns the row's id: time-ordered, so many
 * rows queued at once land at the end of the id index instead of on random pages.
 */
export function enqueue(db: Database, kind: OutboxKind, payload: unknown, createdAt: string, id: string = uuidV7()): string {
  const text = JSON.stringify(payload);
  stmt(db, 'INSERT INTO sync_outbox (id, kind, payload, sha256, created_at) VALUES (?,?,?,?,?)').run(id, kind, text, sha256Hex(text), createdAt);
  return id;
}

interface OutboxDbRow {
  id: string;
  kind: OutboxKind;
  payload: string;
  sha256: string;
  created_at: string;
}

/**
 * The oldest rows not yet acknowledged, skipping those the hub refused (they wait for a person).
 * Rows are sent oldest first; `after` continues past the last row already handed out. At most
 * `limit` rows, and no more than `maxChars` characters of payload unless the first row alone has more.
 */
export function pendingBatch(
  db: Database,
  limit: number,
  kinds: readonly OutboxKind[] = OUTBOX_KINDS,
  after: { createdAt: string; id: string } | null = null,
  maxChars = Number.POSITIVE_INFINITY,
): OutboxRow[] {
  // sync_outbox_push holds these rows in this order, so a row's payload is read only when it is
  // handed out. Without INDEXED BY the planner takes sync_outbox_unsent and sorts every waiting row
  // of the kinds, payloads and all, before the first is handed out.
  const rows = after
    ? stmt<[string, string, string, string, number], OutboxDbRow>(
        db,
        `SELECT id, kind, payload, sha256, created_at FROM sync_outbox INDEXED BY sync_outbox_push
         WHERE sent_at IS NULL AND hub_status IS NULL AND kind <> 'record' AND kind IN (SELECT value FROM json_each(?)) AND created_at >= ? AND (created_at > ? OR id > ?)
         ORDER BY created_at, id LIMIT ?`,
      ).iterate(JSON.stringify(kinds), after.createdAt, after.createdAt, after.id, limit)
    : stmt<[string, number], OutboxDbRow>(
        db,
        `SELECT id, kind, payload, sha256, created_at FROM sync_outbox INDEXED BY sync_outbox_push
         WHERE sent_at IS NULL AND hub_status IS NULL AND kind <> 'record' AND kind IN (SELECT value FROM json_each(?))
         ORDER BY created_at, id LIMIT ?`,
      ).iterate(JSON.stringify(kinds), limit);
  const out: OutboxRow[] = [];
  let chars = 0;
  for (const r of rows) {
    chars += r.payload.length;
    if (out.length > 0 && chars > maxChars) break;
    out.push({ id: r.id, kind: r.kind, payload: r.payload, sha256: r.sha256, createdAt: r.created_at });
  }
  return out;
}

export interface HubAnswer {
  id: string;
  status: 'stored' | 'duplicate' | 'conflict' | 'refused';
  code?: PushRefusalCode | undefined;
  message?: string | undefined;
}

/**
 * Records the hub's committed answers. 'stored', 'duplicate' and 'conflict' mean the hub holds the
 * id durably, so the row is acknowledged ('conflict' is also flagged, to be shown). 'refused' means
 * the hub stored nothing: the row stays unsent, flagged with the hub's code and message, and is not
 * sent again as it is. No answer deletes a row.
 */
export function recordAnswers(db: Database, answers: readonly HubAnswer[], at: string): { acknowledged: number; conflicts: number; refused: number } {
  const ack = stmt(
    db,
    'UPDATE sync_outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL, hub_status = NULL, hub_code = NULL WHERE id IN (SELECT value FROM json_each(?)) AND sent_at IS NULL',
  );
  const conflict = stmt(db, "UPDATE sync_outbox SET sent_at = ?, attempts = attempts + 1, last_error = ?, hub_status = 'conflict', hub_code = NULL WHERE id = ? AND sent_at IS NULL");
  const refuse = stmt(db, "UPDATE sync_outbox SET hub_status = 'refused', hub_code = ?, attempts = attempts + 1, last_error = ? WHERE id = ? AND sent_at IS NULL");
  let acknowledged = 0;
  let conflicts = 0;
  let refused = 0;
  db.transaction(() => {
    // Every plain acknowledgement of the batch in one statement; flagged rows one by one.
    const acked: string[] = [];
    for (const a of answers) {
      switch (a.status) {
        case 'stored':
        case 'duplicate':
          acked.push(a.id);
          break;
        case 'conflict': {
          const n = conflict.run(at, a.message ?? 'The hub holds this record with different content.', a.id).changes;
          acknowledged += n;
          conflicts += n;
          break;
        }
        case 'refused':
          refused += refuse.run(a.code ?? null, `${a.code ?? 'refused'}: ${a.message ?? 'The hub refused this record.'}`, a.id).changes;
          break;
      }
    }
    if (acked.length > 0) acknowledged += ack.run(at, JSON.stringify(acked)).changes;
  }).immediate();
  return { acknowledged, conflicts, refused };
}

/** Notes a failed attempt on the rows of a batch that got no answer. */
export function recordAttemptFailed(db: Database, ids: readonly string[], message: string): void {
  const s = stmt(db, 'UPDATE sync_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ? AND sent_at IS NULL');
  db.transaction(() => {
    for (const id of ids) s.run(message, id);
  }).immediate();
}

export interface OutboxSummary {
  /** Changes not acknowledged by the hub, refused ones included: a row each, a batch of opt-outs as many as it holds. */
  pending: number;
  refused: number;
  conflicts: number;
  oldestPendingAt: string | null;
  lastAcknowledgedAt: string | null;
}

/**
 * Counts over the kinds this device sends (a booth never sends events). Each from an index alone:
 * the Sync screen asks on the main thread, with an import's rows waiting.
 */
export function outboxSummary(db: Database, kinds: readonly OutboxKind[] = OUTBOX_KINDS): OutboxSummary {
  // The planner reads `changes` from sync_outbox_unsent but does not count that index as covering
  // (the column is computed from the payload), so it could prefer to read the table, parsing every
  // waiting batch's payload; INDEXED BY keeps it on the index.
  const p = stmt<[string], { n: number; oldest: string | null }>(
    db,
    `SELECT coalesce(sum(changes), 0) AS n, min(created_at) AS oldest
     FROM sync_outbox INDEXED BY sync_outbox_unsent WHERE sent_at IS NULL AND kind IN (SELECT value FROM json_each(?))`,
  ).get(JSON.stringify(kinds))!;
  const flagged = stmt<[], { refused: number; conflicts: number }>(
    db,
    "SELECT coalesce(sum(hub_status = 'refused'), 0) AS refused, coalesce(sum(hub_status = 'conflict'), 0) AS conflicts FROM sync_outbox WHERE hub_status IS NOT NULL",
  ).get()!;
  const last = stmt<[], { at: string | null }>(db, 'SELECT max(sent_at) AS at FROM sync_outbox WHERE sent_at IS NOT NULL').get()!.at;
  return { pending: p.n, refused: flagged.refused, conflicts: flagged.conflicts, oldestPendingAt: p.oldest, lastAcknowledgedAt: last };
}

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | null => (values as readonly string[]).includes(v ?? '') ? (v as T) : null;

/** Rows the hub refused or holds with other content, for the Sync screen. */
export function flaggedRows(db: Database, limit: number): SyncFlaggedRecord[] {
  return stmt<
    [number],
    { id: string; kind: SyncRecordKind; tbl: string | null; changes: number; hub_status: 'conflict' | 'refused'; hub_code: string | null; last_error: string | null; created_at: string }
  >(
    db,
    `SELECT id, kind, CASE WHEN kind = 'record' AND json_valid(payload) THEN json_extract(payload, '$.table') END AS tbl,
       changes, hub_status, hub_code, last_error, created_at
     FROM sync_outbox WHERE hub_status IS NOT NULL ORDER BY created_at LIMIT ?`,
  )
    .all(limit)
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      table: oneOf<ReplicaTable>(REPLICA_TABLES, r.tbl),
      changes: r.changes,
      status: r.hub_status,
      code: r.hub_status === 'refused' ? oneOf<PushRefusalCode>(PUSH_REFUSAL_CODES, r.hub_code) : null,
      message: r.last_error,
      createdAt: r.created_at,
    }));
}
