import type { Database } from 'better-sqlite3-multiple-ciphers';

/**
 * Calls `record` with the SQL of everything run on `db` from now on: every run of a prepared
 * statement (not only its first prepare, as repositories keep statements prepared per connection),
 * every exec, and every pragma (as `PRAGMA …`). Watch before the calls under test prepare anything.
 */
export function watchStatements(db: Database, record: (sql: string) => void): void {
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      const original = Reflect.get(statement, method) as (...args: unknown[]) => unknown;
      Object.assign(statement, {
        [method]: (...args: unknown[]) => {
          record(sql);
          return original.apply(statement, args);
        },
      });
    }
    return statement;
  }) as typeof db.prepare;
  const exec = db.exec.bind(db);
  db.exec = ((sql: string) => {
    record(sql);
    return exec(sql);
  }) as typeof db.exec;
  const pragma = db.pragma.bind(db);
  db.pragma = ((source: string, options?: unknown) => {
    record(`PRAGMA ${source}`);
    return pragma(source, options as never);
  }) as typeof db.pragma;
}
