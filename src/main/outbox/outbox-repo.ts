import type { Database } from 'better-sqlite3-multiple-ciphers';
import { stmt } from '../db/statements';
import type { OutboxMessage, OutboxStatus, OutboxWithdrawReason } from '../../shared/contract/outbox';

interface OutboxRow {
  id: string;
  kind: 'registration';
  account_id: number | null;
  to_address: string;
  subject: string;
  body: string;
  status: OutboxStatus;
  attempts: number;
  created_at: string;
  next_attempt_at: string;
  last_attempt_at: string | null;
  last_error: string | null;
  sent_at: string | null;
  withdrawn_at: string | null;
  withdrawn_reason: OutboxWithdrawReason | null;
}

export interface DueMail {
  id: string;
  to: string;
  subject: string;
  body: string;
  attempts: number;
}

const toMessage = (r: OutboxRow): OutboxMessage => ({
  id: r.id,
  kind: r.kind,
  accountId: r.account_id,
  to: r.to_address,
  subject: r.subject,
  status: r.status,
  attempts: r.attempts,
  createdAt: r.created_at,
  nextAttemptAt: r.status === 'sent' || r.status === 'withdrawn' ? null : r.next_attempt_at,
  lastAttemptAt: r.last_attempt_at,
  lastError: r.last_error,
  sentAt: r.sent_at,
  withdrawnAt: r.withdrawn_at,
  withdrawnReason: r.withdrawn_reason,
});

/** Call inside the transaction that writes the record the mail is about. */
export function enqueueMail(db: Database, m: { id: string; kind: 'registration'; accountId: number | null; to: string; subject: string; body: string; at: string }): void {
  db.prepare(
    "INSERT INTO mail_outbox (id, kind, account_id, to_address, subject, body, status, attempts, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)",
  ).run(m.id, m.kind, m.accountId, m.to, m.subject, m.body, m.at, m.at);
}

export function dueMail(db: Database, now: string, limit: number): DueMail[] {
  return (
    db
      .prepare("SELECT id, to_address, subject, body, attempts FROM mail_outbox WHERE status IN ('pending', 'failed') AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?")
      .all(now, limit) as Pick<OutboxRow, 'id' | 'to_address' | 'subject' | 'body' | 'attempts'>[]
  ).map((r) => ({ id: r.id, to: r.to_address, subject: r.subject, body: r.body, attempts: r.attempts }));
}

/** The earliest time a waiting message is due, or null when nothing waits. */
export function nextDueAt(db: Database): string | null {
  const r = db.prepare("SELECT min(next_attempt_at) AS at FROM mail_outbox WHERE status IN ('pending', 'failed')").get() as { at: string | null };
  return r.at;
}

/**
 * Withdraws the account's mail that has not gone out yet: it will not be sent, its body (personal
 * data) is dropped, and the reason and time are kept for the outbox screen. Call inside the
 * transaction that cancels the account. Returns how many messages were withdrawn.
 */
export function withdrawMailOf(db: Database, accountId: number, reason: OutboxWithdrawReason, at: string): number {
  // Prepared once per connection: an import that cancels thousands of accounts calls this for each.
  return stmt(db, "UPDATE mail_outbox SET status = 'withdrawn', body = '', withdrawn_at = ?, withdrawn_reason = ? WHERE account_id = ? AND status IN ('pending', 'failed')").run(at, reason, accountId)
    .changes;
}

/** Sent mail keeps its envelope for the outbox screen; the body (personal data) is no longer needed. */
export function markSent(db: Database, id: string, at: string): void {
  // A message withdrawn while the relay was taking it did go out: it is recorded as sent.
  db.prepare(
    "UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1, last_attempt_at = ?, sent_at = ?, last_error = NULL, body = '', withdrawn_at = NULL, withdrawn_reason = NULL WHERE id = ? AND status <> 'sent'",
  ).run(at, at, id);
}

export function markFailed(db: Database, id: string, f: { at: string; error: string; nextAttemptAt: string; needsAttention: boolean }): void {
  // A message withdrawn while the relay was failing stays withdrawn.
  db.prepare("UPDATE mail_outbox SET status = ?, attempts = attempts + 1, last_attempt_at = ?, last_error = ?, next_attempt_at = ? WHERE id = ? AND status IN ('pending', 'failed')").run(
    f.needsAttention ? 'failed' : 'pending',
    f.at,
    f.error,
    f.nextAttemptAt,
    id,
  );
}

/** "Send now": every waiting message becomes due at once. */
export function makeAllDue(db: Database, now: string): number {
  return db.prepare("UPDATE mail_outbox SET next_attempt_at = ? WHERE status IN ('pending', 'failed') AND next_attempt_at > ?").run(now, now).changes;
}

/** A page of the outbox, newest first; messages queued in the same instant keep their insertion order, newest first. */
export function listOutbox(db: Database, opts: { status?: OutboxStatus; limit: number; offset: number }): OutboxMessage[] {
  const rows = opts.status
    ? db.prepare('SELECT * FROM mail_outbox WHERE status = ? ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?').all(opts.status, opts.limit, opts.offset)
    : db.prepare('SELECT * FROM mail_outbox ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?').all(opts.limit, opts.offset);
  return (rows as OutboxRow[]).map(toMessage);
}

export function outboxCounts(db: Database): Record<OutboxStatus, number> {
  const counts: Record<OutboxStatus, number> = { pending: 0, sent: 0, failed: 0, withdrawn: 0 };
  for (const r of db.prepare('SELECT status, count(*) AS n FROM mail_outbox GROUP BY status').all() as { status: OutboxStatus; n: number }[]) counts[r.status] = r.n;
  return counts;
}

export function registrationMailOf(db: Database, accountId: number): { id: string; status: OutboxStatus; sentAt: string | null } | null {
  const r = db
    .prepare("SELECT id, status, sent_at FROM mail_outbox WHERE account_id = ? AND kind = 'registration' ORDER BY created_at DESC LIMIT 1")
    .get(accountId) as { id: string; status: OutboxStatus; sent_at: string | null } | undefined;
  return r ? { id: r.id, status: r.status, sentAt: r.sent_at } : null;
}
