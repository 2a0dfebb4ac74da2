import type { Client, Pool } from './db';

export type AuditAction = 'enroll' | 'enroll_refused' | 'refresh' | 'refresh_reused' | 'revoke' | 'push' | 'pull' | 'code_created' | 'audit_tampering' | 'audit_read';

/** One row of the hub's audit: who (device), what, and counts; never payloads. */
export async function audit(db: Pool | Client, deviceId: string | null, action: AuditAction, detail: Record<string, unknown> = {}): Promise<void> {
  await db.query('INSERT INTO hub.audit (device_id, action, detail) VALUES ($1, $2, $3)', [deviceId, action, JSON.stringify(detail)]);
}
