import { z } from 'zod';
import { channel, feature } from './define';
import { empty } from '../fields';

/** 'withdrawn': never to be sent, because the account it was about was cancelled first. */
export const OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'withdrawn'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface OutboxMessage {
  id: string;
  kind: 'registration';
  accountId: number | null;
  to: string;
  subject: string;
  /** 'failed' means it needs attention: it failed repeatedly, and is still retried. */
  status: OutboxStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  sentAt: string | null;
  withdrawnAt: string | null;
  withdrawnReason: OutboxWithdrawReason | null;
}

/** account_merged: the account joined one registered earlier on another device, which sends that one's mail. */
export const OUTBOX_WITHDRAW_REASONS = ['account_cancelled', 'account_merged'] as const;
export type OutboxWithdrawReason = (typeof OUTBOX_WITHDRAW_REASONS)[number];

export interface OutboxList {
  counts: Record<OutboxStatus, number>;
  /** Messages under the filter in all; `rows` is the page from `offset`, newest first. */
  total: number;
  rows: OutboxMessage[];
  /** False when no SMTP relay is set in Settings: mail waits until one is. */
  relayConfigured: boolean;
}

export interface SendReport {
  relayConfigured: boolean;
  attempted: number;
  sent: number;
  failed: number;
  /** The last delivery error of this pass, if any. */
  lastError: string | null;
}

export const outboxListInput = z
  .object({
    status: z.enum(OUTBOX_STATUSES).optional(),
    limit: z.number().int().min(1).max(500).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

export const outboxFeature = feature('outbox', {
  channels: {
    'outbox.list': channel<OutboxList>()('outbox.read', outboxListInput),
    /** Tries every waiting message now, ignoring its backoff (e.g. after fixing the relay). */
    'outbox.sendNow': channel<SendReport>()('outbox.read', empty),
  },
});
