import { parseArgs } from 'node:util';
import { PROFILES, type Profile } from '../shared/sync/protocol';
import { ConfigError, loadConfig, type HubConfig } from './config';
import { keyCheckValue } from './crypto';
import { createPool, FutureSchemaError, migrate, type Pool } from './db';
import { createEnrollmentCode, listDevices, revokeDevice } from './devices';
import { startEmbedded } from './embedded';
import { HubError } from './errors';
import { buildServer } from './server';

/**
 * `npm run hub [-- <command>]`:
 *   serve (default)                                   run the hub
 *   enroll --profile booth|office --name NAME [--ttl-hours N]   print a one-time enrollment code
 *   revoke <device id or name>                        revoke a device at once
 *   devices                                           list devices
 * Configuration: environment variables, see config.ts and the README.
 */

const log = (line: string) => process.stderr.write(`[hub] ${line}\n`);

async function openDatabase(cfg: HubConfig): Promise<{ pool: Pool; close: () => Promise<void> }> {
  const embedded = cfg.databaseUrl ? null : await startEmbedded(cfg.dataDir, log);
  const pool = createPool(cfg.databaseUrl ?? embedded!.url, cfg.poolMax);
  await migrate(pool);
  // The data key must be the one the database was written with.
  const check = keyCheckValue(cfg.dataKey);
  await pool.query("INSERT INTO hub.meta (key, value) VALUES ('data_key_check', $1) ON CONFLICT (key) DO NOTHING", [check]);
  const stored = (await pool.query<{ value: string }>("SELECT value FROM hub.meta WHERE key = 'data_key_check'")).rows[0]!.value;
  if (stored !== check) {
    await pool.end();
    await embedded?.stop();
    throw new ConfigError('the hub data key does not match the one this database was written with; start the hub with the original key');
  }
  return {
    pool,
    close: async () => {
      await pool.end();
      if (embedded?.owned) await embedded.stop();
    },
  };
}

async function serve(cfg: HubConfig): Promise<void> {
  const db = await openDatabase(cfg);
  const app = buildServer(db.pool, cfg, log);
  await app.listen({ host: cfg.host, port: cfg.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : cfg.port;
  const scheme = cfg.tls ? 'https' : 'http';
  // One JSON line on stdout: how a supervisor (or the test harness) learns the port.
  process.stdout.write(`${JSON.stringify({ event: 'listening', url: `${scheme}://${cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host}:${port}`, port })}\n`);
  log(`listening on ${scheme}://${cfg.host}:${port}${cfg.databaseUrl ? '' : ` (embedded PostgreSQL in ${cfg.dataDir})`}`);
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

async function command(cfg: HubConfig, argv: string[]): Promise<void> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case undefined:
    case 'serve':
      return serve(cfg);
    case 'enroll': {
      const { values } = parseArgs({ args: rest, options: { profile: { type: 'string' }, name: { type: 'string' }, 'ttl-hours': { type: 'string' } } });
      if (!values.profile || !(PROFILES as readonly string[]).includes(values.profile)) throw new ConfigError('enroll needs --profile booth or --profile office');
      if (!values.name?.trim()) throw new ConfigError('enroll needs --name "<device name>"');
      const ttl = values['ttl-hours'] ? Number(values['ttl-hours']) : 24;
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > 24 * 14) throw new ConfigError('--ttl-hours must be a whole number from 1 to 336');
      const db = await openDatabase(cfg);
      try {
        const c = await createEnrollmentCode(db.pool, { profile: values.profile as Profile, name: values.name.trim(), ttlHours: ttl, createdBy: 'hub command line' });
        process.stdout.write(`${c.code}\n`);
        log(`one-time ${c.profile} enrollment code for "${c.name}", valid until ${c.expiresAt}`);
      } finally {
        await db.close();
      }
      return;
    }
    case 'revoke': {
      const target = rest.join(' ').trim();
      if (!target) throw new ConfigError('revoke needs a device id or name (see `devices`)');
      const db = await openDatabase(cfg);
      try {
        const d = await revokeDevice(db.pool, target, 'hub command line');
        log(`revoked ${d.name} (${d.id}) at ${d.revokedAt}`);
      } finally {
        await db.close();
      }
      return;
    }
    case 'devices': {
      const db = await openDatabase(cfg);
      try {
        for (const d of await listDevices(db.pool)) {
          process.stdout.write(
            [d.id, d.profile, JSON.stringify(d.name), `last seen ${d.lastSeenAt ?? 'never'}`, `app ${d.appVersion ?? '?'}`, `pending ${d.pendingCount ?? '?'}`, d.revokedAt ? `REVOKED ${d.revokedAt}` : 'active'].join('  ') + '\n',
          );
        }
      } finally {
        await db.close();
      }
      return;
    }
    default:
      throw new ConfigError(`unknown command "${cmd}"; use serve, enroll, revoke or devices`);
  }
}

try {
  await command(loadConfig(), process.argv.slice(2));
} catch (err) {
  if (err instanceof ConfigError || err instanceof FutureSchemaError || err instanceof HubError) {
    log(`cannot start: ${err.message}`);
    process.exit(2);
  }
  log(`failed: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
}
