/**
 * The audit log's hash chain: each row's hash is the SHA-256 of the text auditHashInput returns,
 * which covers the previous row's hash and the row's own columns, with `details` as the exact JSON
 * text stored. The device writes and checks its chain with it, and the hub checks every device's
 * chain with the same text as rows arrive (each side hashes with its own crypto).
 */

export const AUDIT_GENESIS = '0'.repeat(64);

export interface AuditChainFields {
  seq: number;
  at: string;
  actor_id: number | null;
  actor_name: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  /** The JSON text exactly as stored. */
  details: string;
}

export function auditHashInput(prevHash: string, r: AuditChainFields): string {
  return prevHash + JSON.stringify([r.seq, r.at, r.actor_id, r.actor_name, r.action, r.subject_type, r.subject_id, r.details]);
}
