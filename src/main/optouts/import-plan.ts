import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ImportPlan } from '../../shared/contract/optouts';
import { ACCOUNT_STATUSES, maskOf, OPT_OUT_REASONS, type AccountStatus, type OptOutReason } from '../../shared/customers-lists';
import { accountStateByEmailNorm, type AccountState } from '../accounts/accounts-repo';
import type { ParsedImport } from './import-file';
import type { EmailHasher } from '../accounts/suppression';

const HMAC_BYTES = 32;

/**
 * An import file made ready to apply: its valid rows (the lists, reason and date of each), and
 * what was read for each from the store: the account state (as stored, before any row of the file
 * is applied) and the keyed hash. The preview builds it and the main process keeps it; the apply of
 * the same file (same SHA-256) takes it instead of parsing and reading everything again, and checks
 * the reads inside each write transaction. Columns of typed arrays, so it crosses threads as a few
 * buffers rather than hundreds of thousands of objects.
 */
export type { ImportPlan };

/** The plan of a parsed file, with nothing read yet. Call inside the read transaction that readRows will use. */
export function planImport(db: Database, parsed: ParsedImport, invalidSample: number): ImportPlan {
  const n = parsed.rows.length;
  const plan: ImportPlan = {
    sha256: parsed.sha256,
    totalRows: parsed.total,
    invalid: { count: parsed.invalid.length, rows: parsed.invalid.slice(0, invalidSample) },
    rows: n,
    asked: new Uint8Array(n),
    reasons: new Uint8Array(n),
    dateIndex: new Uint16Array(n),
    dates: [],
    emails: parsed.rows.map((r) => r.emailNorm).join('\n'),
    accountsUpTo: newestAccountId(db),
    accountIds: new Float64Array(n),
    statuses: new Uint8Array(n),
    lists: new Uint8Array(n),
    hmacs: new Uint8Array(n * HMAC_BYTES),
  };
  const dateIds = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const row = parsed.rows[i]!;
    plan.asked[i] = maskOf(row.lists);
    plan.reasons[i] = OPT_OUT_REASONS.indexOf(row.reason);
    let d = dateIds.get(row.date);
    if (d === undefined) {
      d = plan.dates.push(row.date) - 1;
      dateIds.set(row.date, d);
    }
    plan.dateIndex[i] = d;
  }
  return plan;
}

/**
 * Reads rows [from, to) into the plan, in the caller's read transaction (the same one as
 * planImport). `each` sees every row's stored state and hash as it is read.
 */
export function readRows(
  db: Database,
  plan: ImportPlan,
  emails: readonly string[],
  hash: EmailHasher,
  from: number,
  to: number,
  each?: (i: number, account: AccountState | null, hmac: Buffer) => void,
): void {
  for (let i = from; i < to; i++) {
    const account = accountStateByEmailNorm(db, emails[i]!);
    const hmac = hash(emails[i]!);
    if (account) {
      plan.accountIds[i] = account.id;
      plan.statuses[i] = ACCOUNT_STATUSES.indexOf(account.status);
      plan.lists[i] = account.lists;
    }
    plan.hmacs.set(hmac, i * HMAC_BYTES);
    each?.(i, account, hmac);
  }
}

export const newestAccountId = (db: Database): number => (db.prepare('SELECT max(id) FROM accounts').pluck().get() as number | null) ?? 0;

export function planAccount(plan: ImportPlan, i: number): AccountState | null {
  const id = plan.accountIds[i]!;
  return id === 0 ? null : { id, status: ACCOUNT_STATUSES[plan.statuses[i]!] as AccountStatus, lists: plan.lists[i]! };
}

/** A view into the plan's buffer, not a copy. */
export const planHmac = (plan: ImportPlan, i: number): Buffer => Buffer.from(plan.hmacs.buffer, plan.hmacs.byteOffset + i * HMAC_BYTES, HMAC_BYTES);

/** The first four bytes of the row's keyed hash as a number, to order rows by hash. */
export function planHash32(plan: ImportPlan, i: number): number {
  const h = plan.hmacs;
  const o = i * HMAC_BYTES;
  return h[o]! * 16_777_216 + ((h[o + 1]! << 16) | (h[o + 2]! << 8) | h[o + 3]!);
}

export const planReason = (plan: ImportPlan, i: number): OptOutReason => OPT_OUT_REASONS[plan.reasons[i]!]!;
export const planDate = (plan: ImportPlan, i: number): string => plan.dates[plan.dateIndex[i]!]!;
export const planEmails = (plan: ImportPlan): string[] => (plan.rows === 0 ? [] : plan.emails.split('\n'));
