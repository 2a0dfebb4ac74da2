import { z } from 'zod';
import { channel, feature } from './define';
import { empty, checked } from '../fields';

export interface AuditRow {
  seq: number;
  at: string;
  actorId: number | null;
  actorName: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  details: Record<string, unknown>;
}

export type AuditVerification =
  | { ok: true; rows: number }
  | { ok: false; rows: number; firstBadSeq: number; problem: 'altered' | 'removed' | 'reordered' | 'truncated' };

/**
 * One enrolled device's audit chain as the hub has checked it. No personal data: the device, how far
 * its chain reached the hub and was found intact, and the first bad row if any.
 * - received 0: the hub has no row of this device yet;
 * - finding null: intact through row verifiedThrough;
 * - finding: the first row that was altered, removed or reordered (kept once found).
 */
export interface CentralAuditDevice {
  deviceId: string;
  name: string;
  profile: 'booth' | 'office';
  revokedAt: string | null;
  thisDevice: boolean;
  received: number;
  haveThrough: number;
  verifiedThrough: number;
  lastReceivedAt: string | null;
  finding: { seq: number; problem: 'altered' | 'removed' | 'reordered'; foundAt: string } | null;
}

export interface CentralAudit {
  devices: CentralAuditDevice[];
  /** The hub's time when it answered. */
  checkedAt: string;
}

export const auditListInput = z
  .object({
    beforeSeq: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(500).default(100),
    action: z.string().max(64).superRefine(checked('Action', false)).optional(),
    /** Only reads of personal data (views, exports). */
    readsOnly: z.boolean().optional(),
  })
  .strict();

export const auditFeature = feature('audit', {
  channels: {
    'audit.list': channel<{ rows: AuditRow[]; nextBeforeSeq: number | null }>()('audit.read', auditListInput),
    'audit.verify': channel<AuditVerification>()('audit.read', empty),
    /** Every device's audit chain as the hub checked it (asks the hub; an office device only). */
    'audit.central': channel<CentralAudit>()('audit.central', empty),
  },
});
