import fs from 'node:fs';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterEach } from 'vitest';

/** Connections and folders a test file opens: after each test, those still open are closed and the folders removed. */
export function closedAfterEach() {
  const dbs = new Set<Database>();
  const dirs = new Set<string>();
  afterEach(() => {
    for (const db of dbs) if (db.open) db.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    dbs.clear();
    dirs.clear();
  });
  return {
    db(db: Database): Database {
      dbs.add(db);
      return db;
    },
    dir(dir: string): string {
      dirs.add(dir);
      return dir;
    },
  };
}
