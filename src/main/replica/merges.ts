import type { Database } from 'better-sqlite3-multiple-ciphers';
import { stmt } from '../db/statements';

/**
 * Accounts that joined another (account_merges): the same address registered on two devices while
 * offline. The later registration's gid and number lead to the account it joined, on every device,
 * so its consent events, and anyone who quotes its number, find the kept account.
 */

/** Merges form chains only as deep as the registrations of one address; this bounds the walk. */
const MAX_CHAIN = 64;

/** The gid an account's records land on: its own, or the one it was merged into. */
export function resolveAccountGid(db: Database, gid: string): string {
  let g = gid;
  for (let i = 0; i < MAX_CHAIN; i++) {
    const next = stmt<[string], { into_gid: string }>(db, 'SELECT into_gid FROM account_merges WHERE gid = ?').get(g)?.into_gid;
    if (next === undefined) return g;
    g = next;
  }
  return g;
}

export const isMergedAway = (db: Database, gid: string): boolean => stmt<[string], { gid: string }>(db, 'SELECT gid FROM account_merges WHERE gid = ?').get(gid) !== undefined;

/** Records that `gid` (number `number`) joined `intoGid`. False when it already had. */
export function recordMerge(db: Database, gid: string, intoGid: string, number: string, at: string): boolean {
  return stmt(db, 'INSERT OR IGNORE INTO account_merges (gid, into_gid, number, merged_at) VALUES (?,?,?,?)').run(gid, intoGid, number, at).changes === 1;
}

/** The numbers of the accounts merged into the account with local id `accountId`. */
export function mergedNumbers(db: Database, accountId: number): string[] {
  return stmt<[number], { number: string }>(db, 'SELECT m.number FROM account_merges m JOIN accounts a ON a.gid = m.into_gid WHERE a.id = ? ORDER BY m.number')
    .all(accountId)
    .map((r) => r.number);
}

/** The account id a merged-away number leads to, if any. */
export function accountIdByMergedNumber(db: Database, number: string): number | null {
  const m = stmt<[string], { gid: string }>(db, 'SELECT gid FROM account_merges WHERE number = ?').get(number);
  if (!m) return null;
  return stmt<[string], { id: number }>(db, 'SELECT id FROM accounts WHERE gid = ?').get(resolveAccountGid(db, m.gid))?.id ?? null;
}
