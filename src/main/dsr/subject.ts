import type { Database } from 'better-sqlite3-multiple-ciphers';
import { normaliseEmail } from '../../shared/email';
import { findLeadsOfSubject, samePhone } from '../leads/repo';
import type { Lead } from '../../shared/contract/leads';
import { findAccountRefByEmail, type AccountRef } from '../accounts/refs';
import { READS_OF_PERSONAL_DATA, type StoredRow } from '../audit/log';

/**
 * Who a data subject request is about, found in both databases:
 * - customers.db: the account with that email (policy 2a), the telemarketing leads with that email
 *   (or that phone number, when one is given);
 * - contests.db: the contest and survey entries with that email (or phone).
 * Accounts and entries are never linked by id (policy 2d), so the email is what ties them together.
 */
export interface Subject {
  email: string;
  emailNorm: string;
  /** Phone as given, when the request named one. */
  phone: string | null;
  account: AccountRef | null;
  leads: Lead[];
  entries: { id: number; uuid: string }[];
}

export function resolveSubject(customers: Database, contests: Database, who: { email: string; phone?: string | null }): Subject {
  const emailNorm = normaliseEmail(who.email);
  const phone = who.phone ? who.phone : null;
  const account = findAccountRefByEmail(customers, emailNorm);
  const leads = findLeadsOfSubject(customers, { emailNorm, phone });
  // entries has no index on email_norm alone (its index leads with event_id): a full scan, which a
  // rare request can afford (measured in bench/dsr.ts). Phones match by the same rule as leads.
  const tail = phone ? phone.replace(/\D/g, '').replace(/^0+/, '').slice(-7) : '';
  const rows = (
    tail.length === 7
      ? contests.prepare("SELECT id, uuid, email_norm, phone FROM entries WHERE email_norm = ? OR (phone_norm <> '' AND phone_norm LIKE ?) ORDER BY id").all(emailNorm, `%${tail}`)
      : contests.prepare('SELECT id, uuid, email_norm, phone FROM entries WHERE email_norm = ? ORDER BY id').all(emailNorm)
  ) as { id: number; uuid: string; email_norm: string; phone: string }[];
  const entries = rows.filter((r) => r.email_norm === emailNorm || (phone !== null && samePhone(r.phone, phone))).map((r) => ({ id: r.id, uuid: r.uuid }));
  return { email: who.email.trim(), emailNorm, phone, account, leads, entries };
}

/** True when nothing personal is stored about the subject (an erased account's tombstone does not count). */
export function subjectIsEmpty(s: Subject): boolean {
  return (s.account === null || s.account.status === 'erased') && s.leads.length === 0 && s.entries.length === 0;
}

/**
 * The audit rows about a subject: rows whose subject is their account, one of their leads or one of
 * their entries, and list reads (read.*, export.*) whose details name one of them in an id list.
 * Audit rows hold ids only, so this is how "everything about a person" reaches the audit trail.
 */
export function auditRowsOfSubject(
  customers: Database,
  ids: { accountId: number | null; leadIds: readonly number[]; entryUuids: readonly string[] },
  opts: { readsOnly?: boolean; beforeSeq?: number; limit?: number } = {},
): StoredRow[] {
  const pairs: [string, string][] = [];
  if (ids.accountId !== null) pairs.push(['account', String(ids.accountId)]);
  for (const id of ids.leadIds) pairs.push(['lead', String(id)]);
  for (const uuid of ids.entryUuids) pairs.push(['entry', uuid]);
  if (pairs.length === 0) return [];

  const bySubject = pairs.map(() => '(subject_type = ? AND subject_id = ?)').join(' OR ');
  const listKeys: [string, readonly (number | string)[]][] = [
    ['$.accountIds', ids.accountId !== null ? [ids.accountId] : []],
    ['$.leadIds', ids.leadIds],
    ['$.entryIds', ids.entryUuids],
  ];
  const inLists = listKeys
    .filter(([, values]) => values.length > 0)
    .map(([key, values]) => `EXISTS (SELECT 1 FROM json_each(details, '${key}') WHERE value IN (${values.map(() => '?').join(', ')}))`);
  const params: unknown[] = pairs.flat();
  let sql = `SELECT * FROM audit_log WHERE ((${bySubject})`;
  if (inLists.length > 0) {
    // Only list reads carry id lists; the action index keeps this from scanning the whole log.
    sql += ` OR (${READS_OF_PERSONAL_DATA} AND (${inLists.join(' OR ')}))`;
    for (const [, values] of listKeys) if (values.length > 0) params.push(...values);
  }
  sql += ')';
  if (opts.readsOnly) sql += ` AND ${READS_OF_PERSONAL_DATA}`;
  if (opts.beforeSeq !== undefined) {
    sql += ' AND seq < ?';
    params.push(opts.beforeSeq);
  }
  sql += ' ORDER BY seq DESC';
  if (opts.limit !== undefined) {
    sql += ' LIMIT ?';
    params.push(opts.limit);
  }
  return customers.prepare(sql).all(...params) as StoredRow[];
}
