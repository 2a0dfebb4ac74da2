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

/** Fails loudly if a file that should be encrypted is a readable SQLite file. */
export function assertEncryptedFile(file: string): void {
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.toString('latin1').startsWith('SQLite format 3')) throw new Error(`${file} is not encrypted`);
}
