import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import DatabaseCtor, { type Database } from 'better-sqlite3-multiple-ciphers';
import type { StoreFailure } from '../../shared/contract/app';
import { KeychainUnavailableError, type KeyVault } from '../keychain/vault';
import { FutureVersionError, latestVersion, migrate, type Migration } from './migrate';
import { StoreOpenError } from './store-error';

export type StoreName = StoreFailure['store'];

export interface OpenStoreOptions {
  dataDir: string;
  store: StoreName;
  vault: KeyVault;
  migrations: readonly Migration[];
  /** Path of the better-sqlite3 .node file to load (the Electron build); default is the Node build. */
  nativeBinding?: string;
  /** Full page check on open; catches damage before the first query stumbles on it. */
  quickCheck?: boolean;
}

export interface OpenedStore {
  db: Database;
  file: string;
  /** Raw key as hex, for worker threads that open their own connection. Never persisted. */
  keyHex: string;
}

/**
 * AEGIS-256 (authenticated, random nonce per page write, like chacha20/sqleet) runs on the CPU's
 * AES instructions: page encryption costs a few per cent instead of the ~1.5x that chacha20 cost
 * on 100k-row bulk inserts (see `npm run bench`). A 32-byte raw key skips the KDF.
 */
export const CIPHER = 'aegis';
const KEY_BYTES = 32;

export const storeFile = (dataDir: string, store: StoreName) => path.join(dataDir, `${store}.db`);
const keyCheckFile = (file: string) => `${file}.keycheck`;
export const keyAccount = (store: StoreName) => `${store}.db-key`;

/** A fingerprint of the key (not the key): tells a wrong key apart from a damaged file. */
function keyFingerprint(keyHex: string): string {
  return createHmac('sha256', Buffer.from(keyHex, 'hex')).update('ixo-keycheck-v1').digest('hex').slice(0, 32);
}

/**
 * The cipher salt of page 1 (its first 16 bytes). AEGIS does not authenticate those bytes and a raw
 * key does not use them, so the app fixes the salt to a value derived from the key and checks it on
 * open: damage there is then reported like damage anywhere else in the file.
 */
function cipherSalt(keyHex: string): string {
  return createHmac('sha256', Buffer.from(keyHex, 'hex')).update('ixo-salt-v1').digest('hex').slice(0, 32);
}

async function loadOrCreateKey(vault: KeyVault, store: StoreName, fileExists: boolean): Promise<string> {
  let key: string | null;
  try {
    await vault.probe();
    key = await vault.get(keyAccount(store));
  } catch (e) {
    if (e instanceof KeychainUnavailableError) throw new StoreOpenError(store, 'no_keychain', e.message);
    throw e;
  }
  if (key !== null) {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new StoreOpenError(store, 'wrong_key');
    return key;
  }
  if (fileExists) throw new StoreOpenError(store, 'key_missing');
  const fresh = randomBytes(KEY_BYTES).toString('hex');
  try {
    await vault.set(keyAccount(store), fresh);
    // Read back: a keychain that silently drops writes would otherwise cost us the data later.
    if ((await vault.get(keyAccount(store))) !== fresh) throw new KeychainUnavailableError('the key did not read back');
  } catch (e) {
    if (e instanceof KeychainUnavailableError) throw new StoreOpenError(store, 'no_keychain', e.message);
    throw e;
  }
  return fresh;
}

/** Opens the connection and applies the key. Used by the main store and by worker threads. */
export function openKeyed(file: string, keyHex: string, opts: { nativeBinding?: string; readonly?: boolean; fileMustExist?: boolean } = {}): Database {
  const db = new DatabaseCtor(file, {
    nativeBinding: opts.nativeBinding,
    readonly: opts.readonly ?? false,
    fileMustExist: opts.fileMustExist ?? false,
  });
  db.pragma(`cipher = '${CIPHER}'`);
  // Raw key followed by the salt for a new file; an existing file keeps the salt in its header.
  db.pragma(`key = "x'${keyHex}${cipherSalt(keyHex)}'"`);
  return db;
}

function assertPragma(db: Database, name: string, expected: string | number): void {
  const actual = db.pragma(name, { simple: true });
  if (String(actual).toLowerCase() !== String(expected)) throw new Error(`PRAGMA ${name} is ${String(actual)}, expected ${expected}`);
}

/** Durability and safety settings every connection must have. Asserted, not assumed. */
export function applyConnectionPragmas(db: Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('temp_store = MEMORY');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  assertPragma(db, 'journal_mode', 'wal');
  assertPragma(db, 'synchronous', 2);
  assertPragma(db, 'temp_store', 2);
  assertPragma(db, 'foreign_keys', 1);
}

function isNotADatabase(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT';
}

/**
 * Opens one encrypted store. Never destroys or rewrites a file it cannot read: a wrong key,
 * a damaged file or a file from a newer version is left as it is and reported as StoreOpenError.
 */
export async function openStore(opts: OpenStoreOptions): Promise<OpenedStore> {
  const { store, dataDir } = opts;
  const file = storeFile(dataDir, store);
  const exists = fs.existsSync(file);
  const keyHex = await loadOrCreateKey(opts.vault, store, exists);
  const fingerprint = keyFingerprint(keyHex);

  let recordedFingerprint: string | null = null;
  if (exists) {
    try {
      recordedFingerprint = fs.readFileSync(keyCheckFile(file), 'utf8').trim();
    } catch {
      recordedFingerprint = null;
    }
    if (recordedFingerprint !== null && recordedFingerprint !== fingerprint) throw new StoreOpenError(store, 'wrong_key');
  }

  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new StoreOpenError(store, 'io', (e as Error).message);
  }

  let db: Database;
  try {
    db = openKeyed(file, keyHex, { fileMustExist: exists, nativeBinding: opts.nativeBinding });
  } catch (e) {
    throw new StoreOpenError(store, 'io', (e as Error).message);
  }

  try {
    if (exists) {
      try {
        db.prepare('SELECT count(*) FROM sqlite_master').get();
      } catch (e) {
        if (!isNotADatabase(e)) throw e;
        // The key matches what this file was created with, so the file itself is damaged.
        throw new StoreOpenError(store, recordedFingerprint === fingerprint ? 'corrupt' : 'wrong_key', 'the first page cannot be decrypted');
      }
      // Page 1 decrypted, so the key is right: a different salt means the header bytes were damaged.
      if (String(db.pragma('cipher_salt', { simple: true })).toLowerCase() !== cipherSalt(keyHex)) throw new StoreOpenError(store, 'corrupt', 'the file header is damaged');
      const version = db.pragma('user_version', { simple: true }) as number;
      const known = latestVersion(opts.migrations);
      if (version > known) throw new StoreOpenError(store, 'future_version', `schema version ${version}; this app knows up to ${known}`);
      if (opts.quickCheck ?? true) {
        let verdict: string;
        try {
          verdict = String(db.pragma('quick_check(1)', { simple: true }));
        } catch (e) {
          if (!isNotADatabase(e)) throw e;
          verdict = (e as Error).message;
        }
        if (verdict !== 'ok') throw new StoreOpenError(store, 'corrupt', verdict);
      }
    }
    applyConnectionPragmas(db);
    migrate(db, opts.migrations);
    if (recordedFingerprint === null) fs.writeFileSync(keyCheckFile(file), `${fingerprint}\n`, { mode: 0o600 });
    return { db, file, keyHex };
  } catch (e) {
    db.close();
    if (e instanceof StoreOpenError) throw e;
    if (e instanceof FutureVersionError) throw new StoreOpenError(store, 'future_version', e.message);
    if (isNotADatabase(e)) throw new StoreOpenError(store, 'corrupt', (e as Error).message);
    throw new StoreOpenError(store, 'io', (e as Error).message);
  }
}
