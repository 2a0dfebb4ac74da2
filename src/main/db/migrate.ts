import type { Database } from 'better-sqlite3-multiple-ciphers';

export interface Migration {
  /** 1, 2, 3 … with no gaps; recorded in PRAGMA user_version. */
  version: number;
  name: string;
  up: string | ((db: Database) => void);
}

export class FutureVersionError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`schema version ${found}; this app knows up to ${known}`);
    this.name = 'FutureVersionError';
  }
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.length === 0 ? 0 : Math.max(...migrations.map((m) => m.version));
}

export function checkMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} has version ${m.version}; expected ${i + 1}.`);
  });
}

/** Applies every pending migration in one transaction, so a failure leaves the file as it was. */
export function migrate(db: Database, migrations: readonly Migration[]): { from: number; to: number } {
  checkMigrations(migrations);
  const from = db.pragma('user_version', { simple: true }) as number;
  const to = latestVersion(migrations);
  if (from > to) throw new FutureVersionError(from, to);
  if (from === to) return { from, to };
  db.transaction(() => {
    for (const m of migrations) {
      if (m.version <= from) continue;
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
    }
    db.pragma(`user_version = ${to}`);
  }).immediate();
  return { from, to };
}
