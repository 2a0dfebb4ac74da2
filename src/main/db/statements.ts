import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';

/**
 * A value built once per open connection, for prepared statements: on the hot paths (capture,
 * dispatch, imports) preparing a statement costs more than running it.
 */
export function perConnection<T>(build: (db: Database) => T): (db: Database) => T {
  const cache = new WeakMap<Database, T>();
  return (db) => {
    let v = cache.get(db);
    if (v === undefined) {
      v = build(db);
      cache.set(db, v);
    }
    return v;
  };
}

const bySql = perConnection<Map<string, Statement>>(() => new Map());

/** A statement prepared once per connection, found by its SQL text. */
export function stmt<P extends unknown[] = unknown[], R = unknown>(db: Database, sql: string): Statement<P, R> {
  const byDb = bySql(db);
  let s = byDb.get(sql);
  if (!s) {
    s = db.prepare(sql);
    byDb.set(sql, s);
  }
  return s as unknown as Statement<P, R>;
}
