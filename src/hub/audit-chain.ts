import {
  type AuditChainRow,
  type AuditChainState,
  type AuditFinding,
  type AuditProblem,
  type AuditPushRequest,
  type AuditPushResponse,
} from '../shared/sync/protocol';
import { auditHashInput, type AuditChainFields } from '../shared/sync/audit-chain';
import { audit } from './audit';
import { sealMany, sha256Hex, type DataKey } from './crypto';
import { inTx, type Client, type Pool } from './db';
import type { Device } from './devices';

/**
 * The central audit: every device pushes its hash-chained audit log here, and the hub checks each
 * device's chain as its rows arrive, with the same hash the device uses. The first row that was
 * altered, removed or reordered is named once and kept; checking that device's chain stops there
 * (a later correct row cannot clear it), and its rows are still stored.
 *
 * Each row is checked once, on arrival, against the hash of the row before it, which the hub keeps
 * (audit_chains.head_hash); the check never reads stored details back. So an erasure may later scrub
 * a stored row's details (blankErased): the row keeps its hash and its link to the previous row,
 * and the chain's verified state, recorded before the scrub, stands.
 */

const auditRowHash = (prevHash: string, r: AuditChainFields): string => sha256Hex(auditHashInput(prevHash, r));

const fields = (r: AuditChainRow): AuditChainFields => ({
  seq: r.seq,
  at: r.at,
  actor_id: r.actorId,
  actor_name: r.actorName,
  action: r.action,
  subject_type: r.subjectType,
  subject_id: r.subjectId,
  details: r.details,
});

interface ChainRow {
  have_through: string;
  head_hash: string;
  verified_through: string;
  bad_seq: string | null;
  problem: AuditProblem | null;
  found_at: Date | null;
}

const findingOf = (s: ChainRow): AuditFinding | null =>
  s.bad_seq === null ? null : { seq: Number(s.bad_seq), problem: s.problem!, foundAt: s.found_at!.toISOString() };

/**
 * Names what is wrong with `r`, the first row after the last good one (seq `expected` - 1, hash
 * `head`), or null when it links on. As on the device, the seq is what matters; the problem is the
 * best reading of the evidence for the person acting on it.
 */
async function check(c: Client, deviceId: string, expected: number, head: string, r: AuditChainRow): Promise<{ seq: number; problem: AuditProblem } | null> {
  if (r.seq !== expected) return { seq: expected, problem: 'removed' };
  if (r.prevHash !== head) {
    // Links that are intact but point elsewhere mean rows were moved; a link to nothing means a row is gone.
    const elsewhere = await c.query(
      'SELECT 1 FROM hub.device_audit WHERE device_id = $1 AND (hash = $2 OR (prev_hash = $3 AND seq <> $4)) LIMIT 1',
      [deviceId, r.prevHash, r.hash, r.seq + 1],
    );
    const problem: AuditProblem = elsewhere.rowCount ? 'reordered' : auditRowHash(r.prevHash, fields(r)) === r.hash ? 'removed' : 'altered';
    return { seq: r.seq, problem };
  }
  if (auditRowHash(head, fields(r)) !== r.hash) return { seq: r.seq, problem: 'altered' };
  return null;
}

/** The device's own rows that record an erasure of one of its accounts (dsr/erase.ts, replica/erasure.ts). */
const ERASURE_ACTIONS: readonly string[] = ['dsr.erase', 'dsr.erase_replicated'];

/**
 * Blanks the details, and their SHA-256, of the device's rows about an account it has just recorded
 * erasing: rows up to the erasure row, whose details may say what was done to the person and a hash
 * of a short text identifies it as well. The erasure row keeps its own (counts and a reference).
 * Called after the rows were checked, in the same transaction: nothing here reads details back, so
 * the chain stays verified (head_hash and each row's hash and links stay).
 */
async function blankErased(c: Client, deviceId: string, rows: readonly AuditChainRow[]): Promise<void> {
  const erased = rows.filter((r) => ERASURE_ACTIONS.includes(r.action) && r.subjectType === 'account' && r.subjectId !== null);
  for (const r of erased) {
    await c.query(
      `UPDATE hub.device_audit SET details_sealed = NULL, details_sha256 = NULL
        WHERE device_id = $1 AND subject_type = 'account' AND subject_id = $2 AND seq < $3 AND details_sha256 IS NOT NULL`,
      [deviceId, r.subjectId, r.seq],
    );
  }
}

export async function receiveAudit(pool: Pool, key: DataKey, device: Device, body: AuditPushRequest): Promise<AuditPushResponse> {
  const rows = body.rows;
  // Sealed before the transaction opens, so the transaction stays short.
  const aad = (r: AuditChainRow, part: string) => `audit ${device.id} ${r.seq} ${part}`;
  const sealed = sealMany(key, [...rows.map((r) => r.actorName), ...rows.map((r) => r.details)], [...rows.map((r) => aad(r, 'actor')), ...rows.map((r) => aad(r, 'details'))]);
  const detailsSha = rows.map((r) => sha256Hex(r.details));
  const answer = await inTx(pool, async (c) => {
    await c.query('INSERT INTO hub.audit_chains (device_id) VALUES ($1) ON CONFLICT (device_id) DO NOTHING', [device.id]);
    // One device's pushes are taken one at a time: its chain is checked in order.
    const s = (await c.query<ChainRow>('SELECT have_through, head_hash, verified_through, bad_seq, problem, found_at FROM hub.audit_chains WHERE device_id = $1 FOR UPDATE', [device.id]))
      .rows[0]!;
    const haveThrough = Number(s.have_through);
    if (body.after > haveThrough) return { haveThrough, stored: 0, duplicates: 0, finding: findingOf(s) };

    let finding: { seq: number; problem: AuditProblem } | null = s.bad_seq === null ? null : { seq: Number(s.bad_seq), problem: s.problem! };
    const worse = (f: { seq: number; problem: AuditProblem }) => {
      if (finding === null || f.seq < finding.seq) finding = f;
    };

    // Rows the hub already holds: the same hash is a repeat (an answer lost on the way); another
    // hash means the device's chain changed after the hub received that row.
    const held = rows.filter((r) => r.seq <= haveThrough);
    let duplicates = 0;
    if (held.length > 0) {
      const stored = await c.query<{ seq: string; hash: string }>('SELECT seq, hash FROM hub.device_audit WHERE device_id = $1 AND seq = ANY($2::bigint[])', [
        device.id,
        held.map((r) => r.seq),
      ]);
      const hashes = new Map(stored.rows.map((x) => [Number(x.seq), x.hash]));
      for (const r of held) {
        const h = hashes.get(r.seq);
        if (h === r.hash) duplicates++;
        else if (h !== undefined) worse({ seq: r.seq, problem: 'altered' });
      }
    }

    const fresh = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.seq > haveThrough);
    if (fresh.length > 0) {
      await c.query(
        `INSERT INTO hub.device_audit (device_id, seq, at, actor_id, actor_sealed, action, subject_type, subject_id, details_sealed, details_sha256, prev_hash, hash)
         SELECT $1::uuid, seq, at, actor, a, act, st, sid, d, dsha, prev, h
         FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::bytea[], $6::text[], $7::text[], $8::text[], $9::bytea[], $10::text[], $11::text[], $12::text[])
           AS t(seq, at, actor, a, act, st, sid, d, dsha, prev, h)`,
        [
          device.id,
          fresh.map(({ r }) => r.seq),
          fresh.map(({ r }) => r.at),
          fresh.map(({ r }) => r.actorId),
          fresh.map(({ i }) => sealed[i]!),
          fresh.map(({ r }) => r.action),
          fresh.map(({ r }) => r.subjectType),
          fresh.map(({ r }) => r.subjectId),
          fresh.map(({ i }) => sealed[rows.length + i]!),
          fresh.map(({ i }) => detailsSha[i]!),
          fresh.map(({ r }) => r.prevHash),
          fresh.map(({ r }) => r.hash),
        ],
      );
    }

    let verified = Number(s.verified_through);
    let head = s.head_hash;
    if (finding === null) {
      for (const { r } of fresh) {
        const bad = await check(c, device.id, verified + 1, head, r);
        if (bad) {
          worse(bad);
          break;
        }
        verified = r.seq;
        head = r.hash;
      }
    }
    await blankErased(c, device.id, fresh.map(({ r }) => r));
    const last = fresh.length > 0 ? fresh[fresh.length - 1]!.r.seq : haveThrough;
    const f = finding as { seq: number; problem: AuditProblem } | null;
    // A row found changed after the hub had checked it ends the good part of the chain just before it.
    if (f !== null && verified >= f.seq) verified = f.seq - 1;
    const st = await c.query<ChainRow>(
      `UPDATE hub.audit_chains SET rows_held = rows_held + $2, have_through = $3, verified_through = $4, head_hash = $5,
         bad_seq = $6::bigint, problem = $7::text, found_at = CASE WHEN bad_seq IS NOT DISTINCT FROM $6::bigint THEN found_at ELSE now() END,
         last_received_at = CASE WHEN $2 > 0 THEN now() ELSE last_received_at END
       WHERE device_id = $1
       RETURNING have_through, head_hash, verified_through, bad_seq, problem, found_at`,
      [device.id, fresh.length, last, verified, head, f?.seq ?? null, f?.problem ?? null],
    );
    if (f !== null && s.bad_seq === null) await audit(c, device.id, 'audit_tampering', { seq: f.seq, problem: f.problem });
    return { haveThrough: last, stored: fresh.length, duplicates, finding: findingOf(st.rows[0]!) };
  });
  return { ...answer, hubTime: new Date().toISOString() };
}

/** Every enrolled device's chain, devices with a finding first (the earliest found first). */
export async function auditChains(pool: Pool): Promise<AuditChainState[]> {
  const r = await pool.query<{
    id: string;
    name: string;
    profile: 'booth' | 'office';
    revoked_at: Date | null;
    rows_held: string | null;
    have_through: string | null;
    verified_through: string | null;
    last_received_at: Date | null;
    bad_seq: string | null;
    problem: AuditProblem | null;
    found_at: Date | null;
  }>(
    `SELECT d.id, d.name, d.profile, d.revoked_at, a.rows_held, a.have_through, a.verified_through, a.last_received_at, a.bad_seq, a.problem, a.found_at
     FROM hub.devices d LEFT JOIN hub.audit_chains a ON a.device_id = d.id
     ORDER BY a.found_at NULLS LAST, d.name, d.id`,
  );
  return r.rows.map((x) => ({
    deviceId: x.id,
    name: x.name,
    profile: x.profile,
    revokedAt: x.revoked_at?.toISOString() ?? null,
    received: Number(x.rows_held ?? 0),
    haveThrough: Number(x.have_through ?? 0),
    verifiedThrough: Number(x.verified_through ?? 0),
    lastReceivedAt: x.last_received_at?.toISOString() ?? null,
    finding: x.bad_seq === null ? null : { seq: Number(x.bad_seq), problem: x.problem!, foundAt: x.found_at!.toISOString() },
  }));
}
