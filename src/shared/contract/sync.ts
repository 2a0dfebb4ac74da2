import type { ErrorKey } from '../errors';
import { PUSH_KINDS, type PushRefusalCode, type ReplicaTable } from '../sync/protocol';
import { z } from 'zod';
import { channel, feature, job } from './define';
import { empty, checked } from '../fields';

/**
 * The sync feature: this device's link to the hub. Every signed-in role sees the state; admins
 * enroll the device and manage the organisation's devices.
 */

/**
 * - not_enrolled: this device has never been linked to a hub.
 * - synced: everything is on the hub and the last pull succeeded.
 * - syncing: a round is running now.
 * - pending: records wait to be sent (a round is due soon).
 * - offline: the hub cannot be reached; tried again at retryAt.
 * - retrying: the hub answered with a temporary error; tried again at retryAt.
 * - attention: something a person must fix (see lastError); records are kept.
 * - revoked: the hub refused this device. Everything unsent is kept; enroll again.
 */
export const SYNC_STATES = ['not_enrolled', 'synced', 'syncing', 'pending', 'offline', 'retrying', 'attention', 'revoked'] as const;
export type SyncStateName = (typeof SYNC_STATES)[number];

export interface SyncProblem {
  /** The hub's own code, shown beside the words for support. */
  code: string;
  /** What the renderer words (`errors.<key>`). */
  key: ErrorKey;
  params: Record<string, unknown>;
  /** English, for logs. */
  message: string;
  at: string;
}

/** What an outbox row carries: the three kinds of the push loop, and 'record', a change to a replicated record. */
export const SYNC_RECORD_KINDS = [...PUSH_KINDS, 'record'] as const;
export type SyncRecordKind = (typeof SYNC_RECORD_KINDS)[number];

export interface SyncFlaggedRecord {
  id: string;
  kind: SyncRecordKind;
  /** For a 'record': the replicated table it changes; null for every other kind. */
  table: ReplicaTable | null;
  /** The changes it carries: a batch of an import's opt-outs as many as it holds, any other row 1. */
  changes: number;
  status: 'conflict' | 'refused';
  /** Why the hub refused it, which the renderer words; null for a conflict and for a row refused before the code was kept. */
  code: PushRefusalCode | null;
  /** The hub's own words (English), shown beside the wording for support. */
  message: string | null;
  createdAt: string;
}

export interface SyncStatus {
  state: SyncStateName;
  hubUrl: string | null;
  deviceName: string | null;
  profile: 'booth' | 'office' | null;
  /** Records not yet acknowledged by the hub (both stores); a batch of an import's opt-outs counts as the opt-outs it holds. */
  pending: number;
  /** Replicated record changes (customer accounts, consent, staff, settings) made here and not yet sent; not part of `pending`. */
  pendingRecords: number;
  oldestPendingAt: string | null;
  lastPushAt: string | null;
  lastPullAt: string | null;
  /** The end of the last round that finished with nothing left to do. */
  lastSyncedAt: string | null;
  retryAt: string | null;
  lastError: SyncProblem | null;
  /** Hub time minus this device's clock, from the last heartbeat. */
  clockSkewMs: number | null;
  conflicts: number;
  refused: number;
  /** Entries from other devices waiting for their event to arrive. */
  parked: number;
  flagged: SyncFlaggedRecord[];
  retentionDays: number;
  /**
   * False when this device held opt-outs under its own key before it joined and the organisation
   * uses another key: it keeps its own (so none of its opt-outs stops matching) and does not
   * exchange opt-outs with the hub.
   */
  optOutsShared: boolean;
}

export interface SyncDevice {
  id: string;
  name: string;
  profile: 'booth' | 'office';
  enrolledAt: string;
  lastSeenAt: string | null;
  appVersion: string | null;
  pendingCount: number | null;
  revokedAt: string | null;
  conflicts: number;
  thisDevice: boolean;
}

export interface EnrollmentCode {
  code: string;
  profile: 'booth' | 'office';
  name: string;
  expiresAt: string;
}

const hubUrl = z
  .string()
  .trim()
  .min(1, 'Enter the hub address.')
  .max(300)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'Enter the hub address as https://… (for example https://hub.example.fi).');

export const syncEnrollInput = z
  .object({
    hubUrl,
    code: z.string().trim().min(1, 'Enter the enrollment code.').max(40).superRefine(checked('Enrollment code', false)),
    deviceName: z.string().trim().min(1, 'Enter a name for this device.').max(80).superRefine(checked('Device name', false)),
  })
  .strict();

export const syncCodeInput = z
  .object({
    profile: z.enum(['booth', 'office']),
    name: z.string().trim().min(1, 'Enter a name for the new device.').max(80).superRefine(checked('Device name', false)),
  })
  .strict();

export const syncRevokeInput = z.object({ deviceId: z.uuid('Unknown device.') }).strict();

export const syncSettingsInput = z.object({ retentionDays: z.number().int().min(1, 'Keep entries at least 1 day.').max(365) }).strict();

export const syncFeature = feature('sync', {
  channels: {
  'sync.status': channel<SyncStatus>()('signed_in', empty),
  /** Starts a round now (ignoring backoff, not the hub's Retry-After); answers with the state after it. */
  'sync.now': channel<SyncStatus>()('signed_in', empty),
  'sync.enroll': channel<SyncStatus>()('sync.manage', syncEnrollInput),
  /** Restarts every feed from the beginning (applying is idempotent, so nothing local is cleared). */
  'sync.resync': channel<SyncStatus>()('sync.manage', empty),
  'sync.settings': channel<SyncStatus>()('sync.manage', syncSettingsInput),
  'sync.devices': channel<SyncDevice[]>()('sync.manage', empty),
  'sync.revoke': channel<SyncDevice>()('sync.manage', syncRevokeInput),
  'sync.createEnrollmentCode': channel<EnrollmentCode>()('sync.manage', syncCodeInput),
  },
  jobs: {
    /** A booth's entries acknowledged by the hub before `cutoff`, removed in the sync round (booth retention). */
    'sync.removeExpiredEntries': job({
      params: z.object({ cutoff: z.iso.datetime() }).strict(),
      result: z.object({ removed: z.number().int().nonnegative() }).strict(),
    }),
  },
});
