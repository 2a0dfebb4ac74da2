import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/**
 * PostgreSQL access for the hub: one pool, numbered SQL migrations, and transactions that retry
 * on serialization failures and deadlocks (the statements are written so a retry is safe).
 */

export type Pool = pg.Pool;
export type Client = pg.PoolClient;

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export function createPool(url: string, max = 10): Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000 });
  // A server restart breaks connections. The query in flight fails (and its request gets 503); the
  // broken client must not also raise an unhandled 'error' event, which would end the process.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

interface MigrationFile {
  version: number;
  name: string;
  sql: string;
}

export function migrationFiles(): MigrationFile[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}-.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(path.join(MIGRATIONS_DIR, f), 'utf8') }));
}

/** An arbitrary constant: the advisory lock every hub process takes while migrating. */
const MIGRATION_LOCK = 0x1c0_5c4e;

export class FutureSchemaError extends Error {
  constructor(readonly found: number, readonly known: number) {
    super(`the hub database is at schema version ${found}, newer than this hub knows (${known}); run a newer hub`);
  }
}

/** Applies every migration not yet applied, each in its own transaction. Safe to run from several processes at once. */
export async function migrate(pool: Pool): Promise<number[]> {
  const files = migrationFiles();
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS public.ixo_hub_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM public.ixo_hub_migrations')).rows.map((r) => r.version));
    const newest = Math.max(0, ...done);
    const known = Math.max(0, ...files.map((f) => f.version));
    if (newest > known) throw new FutureSchemaError(newest, known);
    const applied: number[] = [];
    for (const f of files) {
      if (done.has(f.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(f.sql);
        await client.query('INSERT INTO public.ixo_hub_migrations (version, name) VALUES ($1, $2)', [f.version, f.name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`hub migration ${f.name} failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(f.version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

const RETRYABLE = new Set(['40001', '40P01']);

/** Runs `fn` in one transaction and commits before returning; retries serialization failures and deadlocks. */
export async function inTx<T>(pool: Pool, fn: (c: Client) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const value = await fn(client);
      await client.query('COMMIT');
      return value;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      const code = (err as { code?: string }).code;
      if (code && RETRYABLE.has(code) && attempt < 8) continue;
      throw err;
    } finally {
      client.release(broken);
    }
  }
}

/** Runs the following statements of the transaction as one side's role (see migration 004). */
export const CONTEST_ROLE = 'ixo_hub_contest';
export const CUSTOMER_ROLE = 'ixo_hub_customer';
export async function asRole(c: Client, role: typeof CONTEST_ROLE | typeof CUSTOMER_ROLE | null): Promise<void> {
  await c.query(role === null ? 'RESET ROLE' : `SET LOCAL ROLE ${role}`);
}

/** Errors that mean the database is unreachable or restarting (answer 503, the client retries). */
export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (e.code && /^(08|57P0[123]|53300)/.test(e.code)) return true;
  if (e.code && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(e.code)) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e.message ?? '');
}
