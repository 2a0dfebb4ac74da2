import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { keyAccount, openKeyed, storeFile, type StoreName } from '../../src/main/db/open-store';
import type { KeyVault } from '../../src/main/keychain/vault';

/**
 * Read-only looks at the data directory and the databases, for tests that must prove that
 * something did (or did not) change. Nothing here writes.
 */

/** Every file under `dir`, as paths relative to it, sorted. Directories end in '/'. */
export function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        out.push(`${p}/`);
        walk(p);
      } else out.push(p);
    }
  };
  walk('');
  return out.sort();
}

/** sha256 of every file under `dir` (directories map to 'dir'): equal snapshots mean byte-for-byte equal trees. */
export function snapshotTree(dir: string): Record<string, string> {
  const snap: Record<string, string> = {};
  for (const rel of listTree(dir)) {
    snap[rel] = rel.endsWith('/') ? 'dir' : createHash('sha256').update(fs.readFileSync(path.join(dir, rel))).digest('hex');
  }
  return snap;
}

/** Tables of a database as sqlite_schema lists them, internal ones included. */
export function tableNames(db: Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every row of one table, serialised and sorted, so scan order does not matter. */
export function tableRows(db: Database, table: string): string[] {
  return (db.prepare(`SELECT * FROM ${quoteIdent(table)}`).all() as unknown[]).map((r) => JSON.stringify(r)).sort();
}

/**
 * A digest of the whole logical content of a database: user_version, the schema, and every row of
 * every table (internal tables like sqlite_sequence included). Nothing is excluded.
 */
export function storeDigest(db: Database): string {
  const h = createHash('sha256');
  h.update(`user_version=${String(db.pragma('user_version', { simple: true }))}\n`);
  for (const row of db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name').all()) h.update(`${JSON.stringify(row)}\n`);
  for (const table of tableNames(db)) {
    h.update(`#${table}\n`);
    for (const row of tableRows(db, table)) h.update(`${row}\n`);
  }
  return h.digest('hex');
}

/** Every distinct text value stored in any column of any table. */
export function storedTexts(db: Database): Set<string> {
  const out = new Set<string>();
  for (const table of tableNames(db)) {
    for (const row of db.prepare(`SELECT * FROM ${quoteIdent(table)}`).all() as Record<string, unknown>[]) {
      for (const v of Object.values(row)) if (typeof v === 'string') out.add(v);
    }
  }
  return out;
}

/** Opens a store of a closed core with the key from the vault, for inspection. Close it after use. */
export async function openForInspection(dataDir: string, store: StoreName, vault: KeyVault): Promise<Database> {
  const key = await vault.get(keyAccount(store));
  if (!key) throw new Error(`no key for ${store} in the vault`);
  return openKeyed(storeFile(dataDir, store), key, { fileMustExist: true });
}

/** Byte offsets of `needle` in the file, as UTF-8 and as UTF-16LE (SQLite may store either). */
export function findInFile(file: string, needle: string): number[] {
  const bytes = fs.readFileSync(file);
  const hits: number[] = [];
  for (const encoded of [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')]) {
    let at = bytes.indexOf(encoded);
    while (at !== -1) {
      hits.push(at);
      at = bytes.indexOf(encoded, at + 1);
    }
  }
  return hits;
}
