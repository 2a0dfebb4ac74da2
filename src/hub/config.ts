import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { dataKeyFrom, parseKeyText, type DataKey } from './crypto';

/**
 * The hub's configuration, from environment variables (README, "Running the hub"):
 * - IXO_HUB_DATABASE_URL: an existing PostgreSQL (15 or later). Unset: an embedded PostgreSQL in
 *   IXO_HUB_DATA_DIR (default ./hub-data).
 * - IXO_HUB_DATA_KEY (64 hex digits or base64) or IXO_HUB_DATA_KEY_FILE: the key that encrypts
 *   personal data. Embedded mode without either: a key file in the data folder, made on first start.
 * - IXO_HUB_HOST (default 127.0.0.1), IXO_HUB_PORT (default 8443; 0 picks a free port).
 * - IXO_HUB_TLS_CERT, IXO_HUB_TLS_KEY: certificate and key files (PEM) for HTTPS.
 * - IXO_HUB_BEHIND_PROXY=1: plain HTTP on a non-loopback address, behind a TLS-terminating proxy.
 * - IXO_HUB_MIN_CLIENT_VERSION (default 0.1.0), IXO_HUB_ACCESS_TTL_S (900),
 *   IXO_HUB_REFRESH_TTL_S (31536000), IXO_HUB_ENROLL_LIMIT (10 attempts per address per
 *   IXO_HUB_ENROLL_WINDOW_S, 600), IXO_HUB_POOL_MAX (20 connections per hub process).
 */

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

export interface HubConfig {
  databaseUrl: string | null;
  dataDir: string;
  dataKey: DataKey;
  host: string;
  port: number;
  tls: TlsFiles | null;
  behindProxy: boolean;
  minClientVersion: string;
  accessTtlS: number;
  refreshTtlS: number;
  enrollLimit: number;
  enrollWindowS: number;
  poolMax: number;
}

export class ConfigError extends Error {}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
export const isLoopback = (host: string): boolean => LOOPBACK.has(host) || (isIP(host) === 4 && host.startsWith('127.'));

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name} must be a whole number of at least ${min} (got "${v}")`);
  return n;
}

function loadDataKey(env: NodeJS.ProcessEnv, dataDir: string, embedded: boolean): DataKey {
  if (env.IXO_HUB_DATA_KEY) return dataKeyFrom(parseKeyText(env.IXO_HUB_DATA_KEY));
  if (env.IXO_HUB_DATA_KEY_FILE) return dataKeyFrom(parseKeyText(readFileSync(env.IXO_HUB_DATA_KEY_FILE, 'utf8')));
  if (!embedded) {
    throw new ConfigError(
      'IXO_HUB_DATABASE_URL is set but no data key is: set IXO_HUB_DATA_KEY or IXO_HUB_DATA_KEY_FILE (keep the key outside the database server and its backups)',
    );
  }
  const file = path.join(dataDir, 'hub-data.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return dataKeyFrom(parseKeyText(readFileSync(file, 'utf8')));
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const databaseUrl = env.IXO_HUB_DATABASE_URL || null;
  const dataDir = path.resolve(env.IXO_HUB_DATA_DIR || 'hub-data');
  const host = env.IXO_HUB_HOST || '127.0.0.1';
  const certFile = env.IXO_HUB_TLS_CERT;
  const keyFile = env.IXO_HUB_TLS_KEY;
  if (Boolean(certFile) !== Boolean(keyFile)) throw new ConfigError('set both IXO_HUB_TLS_CERT and IXO_HUB_TLS_KEY, or neither');
  const tls = certFile && keyFile ? { cert: readFileSync(certFile), key: readFileSync(keyFile) } : null;
  const behindProxy = env.IXO_HUB_BEHIND_PROXY === '1' || env.IXO_HUB_BEHIND_PROXY === 'true';
  if (!tls && !behindProxy && !isLoopback(host)) {
    throw new ConfigError(
      `refusing to serve plain HTTP on ${host}: devices would send their tokens and entries unencrypted. ` +
        'Give a certificate (IXO_HUB_TLS_CERT and IXO_HUB_TLS_KEY), listen on loopback (IXO_HUB_HOST=127.0.0.1), ' +
        'or declare a TLS-terminating proxy in front of the hub (IXO_HUB_BEHIND_PROXY=1)',
    );
  }
  return {
    databaseUrl,
    dataDir,
    dataKey: loadDataKey(env, dataDir, databaseUrl === null),
    host,
    port: intEnv(env, 'IXO_HUB_PORT', 8443, 0),
    tls,
    behindProxy,
    minClientVersion: env.IXO_HUB_MIN_CLIENT_VERSION || '0.1.0',
    accessTtlS: intEnv(env, 'IXO_HUB_ACCESS_TTL_S', 900, 1),
    refreshTtlS: intEnv(env, 'IXO_HUB_REFRESH_TTL_S', 365 * 24 * 3600, 60),
    enrollLimit: intEnv(env, 'IXO_HUB_ENROLL_LIMIT', 10, 1),
    enrollWindowS: intEnv(env, 'IXO_HUB_ENROLL_WINDOW_S', 600, 1),
    poolMax: intEnv(env, 'IXO_HUB_POOL_MAX', 20, 1),
  };
}
