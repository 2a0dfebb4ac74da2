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
  },
});
