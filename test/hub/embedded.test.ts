import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { enrollResponse, healthResponse, PATHS } from '../../src/shared/sync/protocol';
import { call, spawnHub, type SpawnResult } from '../support/hub-harness';

// `npm run hub` with no database configured: an embedded PostgreSQL in the data folder.
const dir = mkdtempSync(path.join(os.tmpdir(), 'ixo-hub-embedded-'));
const running: SpawnResult[] = [];
const env = { IXO_HUB_DATA_DIR: dir, IXO_HUB_PORT: '0', IXO_HUB_DATABASE_URL: '', IXO_HUB_DATA_KEY: '', IXO_HUB_DATA_KEY_FILE: '' };

async function serve(): Promise<{ s: SpawnResult; url: string }> {
  const s = spawnHub(env);
  running.push(s);
  for (let i = 0; i < 600; i++) {
    const line = s.stdout().split('\n').find((l) => l.includes('"listening"'));
    if (line) return { s, url: (JSON.parse(line) as { url: string }).url };
    if (s.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`embedded hub did not start:\n${s.stderr()}`);
}

async function stop(s: SpawnResult): Promise<void> {
  s.child.kill('SIGTERM');
  await s.exit;
}

afterAll(async () => {
  for (const s of running) if (s.child.exitCode === null) await stop(s);
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run hub with no configuration', () => {
  it('starts on an embedded PostgreSQL in its data folder, enrolls through the command line while running, and keeps its data across restarts', async () => {
    const first = await serve();
    expect(healthResponse.parse((await call(first.url, PATHS.health)).body).ok).toBe(true);
    expect(statSync(path.join(dir, 'hub-data.key')).mode & 0o777).toBe(0o600);
    const cli = spawnHub(env, ['enroll', '--profile', 'office', '--name', 'Office embedded']);
    expect(await cli.exit).toBe(0);
    const code = cli.stdout().trim();
    const enrolled = enrollResponse.parse((await call(first.url, PATHS.enroll, { body: { code, appVersion: '0.1.0' } })).body);
    // SIGTERM stops the hub and its PostgreSQL; a new start finds the same device.
    await stop(first.s);
    const second = await serve();
    const list = await call(second.url, PATHS.adminDevices, { token: enrolled.tokens.accessToken });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).toContain(enrolled.deviceId);
    await stop(second.s);
  });
});
