import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { perConnection } from '../db/statements';
import { LIST_BIT, listsIn, type MailingList, type OptOutReason } from '../../shared/customers-lists';
import { normaliseEmail } from '../../shared/email';
import { appError } from '../../shared/errors';
import type { KeyVault } from '../keychain/vault';
import { enqueueSuppression, type SuppressionBatch } from '../sync/suppression-feed';

/** Keychain account of the suppression HMAC key (32 random bytes, hex). */
export const SUPPRESSION_KEY_ACCOUNT = 'suppression-hmac-key';
/** Settings key holding a fingerprint of that key (not the key) to notice a lost or replaced key. */
const FINGERPRINT_SETTING = 'suppressionKeyFingerprint';

const fingerprint = (keyHex: string) => createHash('sha256').update('ixo-suppression-key-v1').update(keyHex).digest('hex').slice(0, 32);

interface SettingsAccess {
  getValue<T>(key: string, fallback: T): T;
  setValue(key: string, value: unknown): void;
}

/** Per open store: a new core (or a reopened store) reads the keychain again. */
const loaded = new WeakMap<Database, Promise<string>>();

/**
 * The HMAC key of the suppression list, created on first use. Hazard: a new key silently made after
 * the old one was lost would make every stored suppression unmatchable, so people who opted out
 * would get mail again. The fingerprint in settings catches that and refuses instead.
 */
export function suppressionKeyHex(vault: KeyVault, settings: SettingsAccess, db: Database): Promise<string> {
  let p = loaded.get(db);
  if (!p) {
    p = loadKey(vault, settings, db);
    loaded.set(db, p);
    p.catch(() => loaded.delete(db));
  }
  return p;
}

/**
 * Replaces the key with the organisation's key from the hub. Only for a device whose suppression
 * list is empty (nothing hashed under the old key can stop matching); the caller checks that.
 */
export async function adoptSuppressionKey(vault: KeyVault, settings: SettingsAccess, db: Database, keyHex: string): Promise<void> {
  await vault.set(SUPPRESSION_KEY_ACCOUNT, keyHex);
  if ((await vault.get(SUPPRESSION_KEY_ACCOUNT)) !== keyHex) throw appError('optouts.suppression_key_not_kept');
  db.transaction(() => settings.setValue(FINGERPRINT_SETTING, fingerprint(keyHex))).immediate();
  loaded.delete(db);
}

async function loadKey(vault: KeyVault, settings: SettingsAccess, db: Database): Promise<string> {
  const recorded = settings.getValue<string | null>(FINGERPRINT_SETTING, null);
  let key = await vault.get(SUPPRESSION_KEY_ACCOUNT);
  if (key !== null) {
    if (!/^[0-9a-f]{64}$/.test(key) || (recorded !== null && recorded !== fingerprint(key))) {
      throw appError('optouts.suppression_key_mismatch');
    }
  } else {
    if (recorded !== null) {
      throw appError('optouts.suppression_key_missing');
    }
    key = randomBytes(32).toString('hex');
    await vault.set(SUPPRESSION_KEY_ACCOUNT, key);
    if ((await vault.get(SUPPRESSION_KEY_ACCOUNT)) !== key) throw appError('optouts.suppression_key_not_kept');
  }
  if (recorded === null) {
    const fp = fingerprint(key);
    db.transaction(() => settings.setValue(FINGERPRINT_SETTING, fp)).immediate();
  }
  return key;
}

export type EmailHasher = (email: string) => Buffer;

/** HMAC-SHA256 of the normalised address. */
export function emailHasher(keyHex: string): EmailHasher {
  const key = Buffer.from(keyHex, 'hex');
  return (email) => createHmac('sha256', key).update(normaliseEmail(email)).digest();
}

export interface SuppressionEntry {
  reason: OptOutReason;
  requestedOn: string;
  at: string;
  staffId: number | null;
  importId?: number | null;
}

const prepared = perConnection((db) => ({
  mask: db.prepare('SELECT lists FROM suppression WHERE email_hmac = ?').pluck(),
  // Adds the lists that are not there yet; changes nothing (and reports no change) otherwise.
  add: db.prepare(
    `INSERT INTO suppression (email_hmac, lists, reason, requested_on, created_at, staff_id, import_id) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (email_hmac) DO UPDATE SET lists = lists | excluded.lists WHERE lists & excluded.lists <> excluded.lists`,
  ),
  narrow: db.prepare('UPDATE suppression SET lists = lists & ~? WHERE email_hmac = ?'),
  remove: db.prepare('DELETE FROM suppression WHERE email_hmac = ?'),
}));

/** LIST_BIT bits of the lists this address is suppressed on (0 when none). */
export function suppressionMask(db: Database, hmac: Buffer): number {
  return (prepared(db).mask.get(hmac) as number | undefined) ?? 0;
}

export function suppressedLists(db: Database, hmac: Buffer): MailingList[] {
  return listsIn(suppressionMask(db, hmac));
}

/**
 * Adds the lists in `mask` (LIST_BIT bits) for this address. True when any was new. Call inside the
 * caller's transaction. The change is queued for the hub on its own, or, given `batch` (a bulk
 * import's), added to it: the caller then queues the batch before its transaction ends.
 */
export function addSuppression(db: Database, hmac: Buffer, mask: number, e: SuppressionEntry, batch?: SuppressionBatch): boolean {
  const changed = prepared(db).add.run(hmac, mask, e.reason, e.requestedOn, e.at, e.staffId, e.importId ?? null).changes > 0;
  if (!changed) return false;
  if (batch) batch.add(hmac.toString('hex'), mask, e.at);
  else enqueueSuppression(db, { emailHmac: hmac.toString('hex'), lists: mask, at: e.at });
  return true;
}

/**
 * A new explicit consent supersedes an earlier opt-out for that list; the lift is queued for the hub
 * like an opt-out. Returns true when one was lifted. Call inside the caller's transaction.
 */
export function liftSuppression(db: Database, hmac: Buffer, list: MailingList, at: string): boolean {
  const bit = LIST_BIT[list];
  const mask = suppressionMask(db, hmac);
  if ((mask & bit) === 0) return false;
  const s = prepared(db);
  if (mask === bit) s.remove.run(hmac);
  else s.narrow.run(bit, hmac);
  enqueueSuppression(db, { emailHmac: hmac.toString('hex'), lists: 0, cleared: bit, at });
  return true;
}

/**
 * For every later marketing export (and any other mailing): a predicate that is true when the
 * address must not be mailed on `list`. `keyHex` comes from suppressionKeyHex (pass it to workers).
 */
export function suppressionFilter(db: Database, keyHex: string, list: MailingList): (email: string) => boolean {
  const hash = emailHasher(keyHex);
  const mask = db.prepare('SELECT lists FROM suppression WHERE email_hmac = ?').pluck();
  const bit = LIST_BIT[list];
  return (email) => (((mask.get(hash(email)) as number | undefined) ?? 0) & bit) !== 0;
}
