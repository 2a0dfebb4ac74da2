import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import DatabaseCtor, { type Database } from 'better-sqlite3-multiple-ciphers';
import { applyConnectionPragmas, openKeyed } from '../../src/main/db/open-store';

/**
 * Database openers for bench modules. Both sides get exactly the app's connection pragmas
 * (WAL, synchronous=FULL, temp_store=MEMORY, foreign_keys=ON, busy_timeout), so a ratio measures
 * encryption and app code, not a difference in durability settings.
 */

const dirs: string[] = [];

/** A fresh directory under the OS temp dir; removed by removeBenchDirs() when the run ends. */
export function benchDir(prefix = 'ixo-bench-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export function removeBenchDirs(): void {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * The plain baseline: the same better-sqlite3 build the app uses, opened without a key (a normal,
 * unencrypted SQLite file), with the app's connection pragmas.
 */
export function openPlain(file: string): Database {
  const db = new DatabaseCtor(file);
  applyConnectionPragmas(db);
  return db;
}

/** An encrypted connection opened the way the app opens its stores: openKeyed + applyConnectionPragmas. */
export function openEncrypted(file: string, keyHex = randomBytes(32).toString('hex')): Database {
  const db = openKeyed(file, keyHex);
  applyConnectionPragmas(db);
  return db;
}

/** A plain and an encrypted database side by side in one fresh directory (same filesystem). */
export function openPair(name = 'bench'): { dir: string; plain: Database; encrypted: Database; close(): void } {
  const dir = benchDir();
  const plain = openPlain(path.join(dir, `${name}-plain.db`));
  const encrypted = openEncrypted(path.join(dir, `${name}-encrypted.db`));
  return {
    dir,
    plain,
    encrypted,
    close() {
      plain.close();
      encrypted.close();
    },
  };
}

/** True when the file starts with the plain SQLite header, i.e. anyone can read it. */
export function isPlainSqliteFile(file: string): boolean {
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  return head.toString('latin1').startsWith('SQLite format 3');
}

/** Fails loudly if the two sides of a comparison are not what they claim to be. */
export function assertSides(plainFile: string, encryptedFile: string): void {
  if (!isPlainSqliteFile(plainFile)) throw new Error(`${plainFile} should be a plain SQLite file`);
  if (isPlainSqliteFile(encryptedFile)) throw new Error(`${encryptedFile} is not encrypted`);
}
