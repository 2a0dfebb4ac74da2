import type { Database } from 'better-sqlite3-multiple-ciphers';
import { LIMITS, PATHS, auditChainsResponse, auditPushResponse, type AuditChainRow, type AuditChainsResponse } from '../../shared/sync';
import { stmt } from '../db/statements';
import type { StoredRow } from '../audit/log';
import { hubRequest } from './hub-client';
import { whenDurable } from '../db/durability';

/**
 * Sends this device's audit log to the hub: the rows after the last one the hub said it holds, in
 * seq order, in batches. Booths and office devices alike (a booth's captures are audited in its
 * customers.db too). The mark is the hub's own answer (haveThrough), saved after each answer, so a
 * crash or a cut connection costs at most one batch sent again, which the hub recognises as rows it
 * already holds. When the hub holds less than the mark (another hub database), its answer moves the
 * mark back and the rows go again from there.
 */

/** customers.db settings key: the highest seq the hub said it holds. */
export const AUDIT_SENT_KEY = 'sync.auditHubHas';

const BATCH_ROWS = 500;
/** Characters of details per request, well under the hub's body limit. */
const BATCH_CHARS = 4 * 1024 * 1024;

export interface AuditHubLink {
  hubUrl: string;
  appVersion: string;
  accessToken: string;
}

export function auditSentMark(customers: Database): number {
  const row = stmt<[string], { value: string }>(customers, 'SELECT value FROM settings WHERE key = ?').get(AUDIT_SENT_KEY);
  return row ? (JSON.parse(row.value) as number) : 0;
}

function setAuditSentMark(customers: Database, seq: number): void {
  customers
    .transaction(() =>
      stmt(customers, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(AUDIT_SENT_KEY, JSON.stringify(seq)),
    )
    .immediate();
}

function nextRows(customers: Database, after: number): AuditChainRow[] {
  const rows = stmt<[number, number], StoredRow>(customers, 'SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?').all(after, BATCH_ROWS);
  const out: AuditChainRow[] = [];
  let chars = 0;
  for (const r of rows) {
    chars += r.details.length;
    if (out.length > 0 && chars > BATCH_CHARS) break;
    out.push({
      seq: r.seq,
      at: r.at,
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      details: r.details,
      prevHash: r.prev_hash,
      hash: r.hash,
    });
  }
  return out.slice(0, LIMITS.auditRows);
}

/** Pushes every audit row the hub has not got yet. Returns how many rows the hub newly stored. */
export async function pushAuditChain(customers: Database, link: AuditHubLink): Promise<number> {
  let stored = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    const after = auditSentMark(customers);
    const rows = nextRows(customers, after);
    if (rows.length === 0) return stored;
    // The hub keeps the chain it is sent: a row it holds must not be lost here in a power cut and
    // then written again with another hash.
    await whenDurable(customers);
    const answer = await hubRequest(link.hubUrl, link.appVersion, {
      method: 'POST',
      path: PATHS.auditPush,
      body: { after, rows },
      accessToken: link.accessToken,
      answer: auditPushResponse,
    });
    stored += answer.stored;
    setAuditSentMark(customers, answer.haveThrough);
    // The hub holds less than this device thought: the mark moved back, send from there.
    if (answer.haveThrough < after) continue;
    if (answer.haveThrough < rows[rows.length - 1]!.seq) return stored;
  }
  return stored;
}

/** Every device's chain as the hub checked it (the hub answers office devices only). */
export function fetchAuditChains(link: AuditHubLink): Promise<AuditChainsResponse> {
  return hubRequest(link.hubUrl, link.appVersion, { method: 'GET', path: PATHS.adminAudit, accessToken: link.accessToken, answer: auditChainsResponse });
}
