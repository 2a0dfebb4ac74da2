import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTEST_ROLE, CUSTOMER_ROLE } from '../../src/hub/db';
import { CLIENT_VERSION_HEADER, feedPages, PATHS, pushResponse, type EnrollResponse, type PushItem } from '../../src/shared/sync/protocol';
import { canaryFactory } from '../support/canaries';
import { call, spawnHub, startHubHarness, startSystemPostgres, systemPgBin, type HubHarness, type HubProcess } from '../support/hub-harness';
import { entryItem, sha, suppressionItem } from './client';

// On Debian's PostgreSQL (15 on bookworm, the oldest the hub supports) and the pg_dump that can read it.
let h: HubHarness;
let hub: HubProcess;
let booth: EnrollResponse;
let office: EnrollResponse;
const donatedKey = randomBytes(32);

beforeAll(async () => {
  h = await startHubHarness({ server: await startSystemPostgres() });
  hub = await h.startHub();
  office = await h.enroll(hub, 'office', 'Office', { localSuppressionKey: donatedKey.toString('base64') });
  booth = await h.enroll(hub, 'booth', 'Booth');
});
afterAll(async () => {
  await h?.close();
});

function dump(): string {
  return execFileSync(path.join(systemPgBin(), 'pg_dump'), ['-h', h.pg.host, '-p', String(h.pg.port), '-U', h.pg.user, '--no-password', h.pg.database], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
}

describe('the hub at rest', () => {
  it('a pg_dump holds none of the personal data, tokens or keys written through booths and offices', async () => {
    const { canary, issued } = canaryFactory();
    const items: PushItem[] = [];
    for (let i = 0; i < 5; i++) {
      const it = entryItem();
      const payload = JSON.stringify({
        id: it.id,
        entrant: {
          name: `${canary('entrant first name', 'letters')} ${canary('entrant surname', 'letters')}`,
          email: `${canary('entrant email')}@example.test`,
          phone: `+358 ${canary('entrant phone', 'digits')}`,
          address: `${canary('entrant street', 'letters')} 1\n00100 Helsinki`,
          title: canary('entrant title', 'letters'),
          company: canary('entrant company'),
        },
        answers: [{ question: 'Why?', answer: canary('survey answer') }],
      });
      items.push({ ...it, payload, sha256: sha(payload) });
    }
    const r = pushResponse.parse((await call(hub.url, PATHS.push, { body: { items }, token: booth.tokens.accessToken })).body);
    expect(r.results.every((x) => x.status === 'stored')).toBe(true);
    // A conflicting version is kept too, and must be sealed as well.
    const changed = { ...items[0]!, payload: JSON.stringify({ entrant: { name: canary('conflicting name', 'letters') } }) };
    changed.sha256 = sha(changed.payload);
    const c = pushResponse.parse((await call(hub.url, PATHS.push, { body: { items: [changed] }, token: booth.tokens.accessToken })).body);
    expect(c.results[0]!.status).toBe('conflict');
    await call(hub.url, PATHS.push, { body: { items: [suppressionItem(randomBytes(32).toString('hex'), 4)] }, token: office.tokens.accessToken });
    // A replicated staff account: its name, username and password hash are sealed too.
    const staffFields = {
      username: canary('staff username', 'letters'),
      displayName: canary('staff display name', 'letters'),
      role: 'manager',
      disabled: false,
      passwordHash: `scrypt$32768$8$1$${canary('password salt', 'letters')}$${canary('password key', 'letters')}`,
      language: null,
    };
    const change = JSON.stringify({
      table: 'staff',
      recordId: crypto.randomUUID(),
      fields: Object.fromEntries(Object.entries(staffFields).map(([k, value]) => [k, { value, hlc: '019000000000-0000', node: office.deviceId }])),
    });
    const rp = pushResponse.parse(
      (await call(hub.url, PATHS.replicaPush, { body: { items: [{ id: crypto.randomUUID(), sha256: sha(change), payload: change, createdAt: new Date().toISOString() }] }, token: office.tokens.accessToken })).body,
    );
    expect(rp.results[0]!.status).toBe('stored');

    // The office device reads the entries back intact: the data is there, only unreadable at rest.
    const page = feedPages.entries.parse((await call(hub.url, PATHS.feed('entries'), { token: office.tokens.accessToken })).body);
    if (page.resync) throw new Error('unexpected resync');
    expect(page.items.map((x) => x.payload)).toEqual(expect.arrayContaining(items.map((x) => x.payload)));

    const text = dump();
    expect(text).toContain('contest.entries');
    expect(text).toContain(items[1]!.id);
    const secrets = [
      ...issued.map((x) => x.value),
      booth.tokens.accessToken,
      booth.tokens.refreshToken,
      office.tokens.refreshToken,
      h.dataKey,
      donatedKey.toString('base64'),
      donatedKey.toString('hex'),
    ];
    for (const s of secrets) expect(text.includes(s), `found ${s} in the dump`).toBe(false);
  });

  it('keeps contest data and customer data apart: each side\'s role is refused the other side\'s tables', async () => {
    const c = await h.pool.connect();
    try {
      const attempt = async (role: string, sql: string) => {
        await c.query('BEGIN');
        try {
          await c.query(`SET LOCAL ROLE ${role}`);
          await c.query(sql);
          return 'read';
        } catch (err) {
          return (err as { code?: string }).code;
        } finally {
          await c.query('ROLLBACK');
        }
      };
      expect(await attempt(CUSTOMER_ROLE, 'SELECT count(*) FROM contest.entries')).toBe('42501');
      expect(await attempt(CUSTOMER_ROLE, 'SELECT count(*) FROM hub.devices')).toBe('42501');
      expect(await attempt(CONTEST_ROLE, 'SELECT count(*) FROM customer.suppression')).toBe('42501');
      expect(await attempt(CONTEST_ROLE, 'SELECT count(*) FROM contest.entries')).toBe('read');
      expect(await attempt(CUSTOMER_ROLE, 'SELECT count(*) FROM customer.suppression')).toBe('read');
    } finally {
      c.release();
    }
  });

  it('audits enrollments, pushes, pulls and revocations per device', async () => {
    await call(hub.url, PATHS.adminRevoke(booth.deviceId), { token: office.tokens.accessToken, body: {} });
    const r = await h.pool.query<{ device_id: string; action: string }>('SELECT DISTINCT device_id::text, action FROM hub.audit WHERE device_id IS NOT NULL');
    const has = (d: string, a: string) => r.rows.some((x) => x.device_id === d && x.action === a);
    expect(has(booth.deviceId, 'enroll')).toBe(true);
    expect(has(booth.deviceId, 'push')).toBe(true);
    expect(has(booth.deviceId, 'revoke')).toBe(true);
    expect(has(office.deviceId, 'pull')).toBe(true);
  });
});

describe('starting a hub', () => {
  const run = async (env: Record<string, string>) => {
    const s = spawnHub({ ...h.env, ...env });
    const code = await s.exit;
    return { code, stderr: s.stderr() };
  };

  it('refuses plain HTTP off loopback unless a proxy is declared, and says why', async () => {
    const r = await run({ IXO_HUB_HOST: '0.0.0.0' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing to serve plain HTTP on 0\.0\.0\.0.*IXO_HUB_TLS_CERT.*IXO_HUB_BEHIND_PROXY/s);
    const proxied = await h.startHub({ IXO_HUB_HOST: '0.0.0.0', IXO_HUB_BEHIND_PROXY: '1' });
    expect(proxied.port).toBeGreaterThan(0);
    await proxied.kill();
  });

  it('refuses a data key other than the one the database was written with, and a database URL without a key', async () => {
    const wrong = await run({ IXO_HUB_DATA_KEY: randomBytes(32).toString('hex') });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/data key does not match/);
    const none = await run({ IXO_HUB_DATA_KEY: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/IXO_HUB_DATA_KEY/);
  });

  it('refuses a database migrated by a newer hub, and leaves it as it is', async () => {
    await h.pool.query("INSERT INTO public.ixo_hub_migrations (version, name) VALUES (999, '999-from-the-future.sql')");
    try {
      const r = await run({});
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/schema version 999, newer than this hub knows/);
      const still = await h.pool.query('SELECT max(version) AS v FROM public.ixo_hub_migrations');
      expect(still.rows[0].v).toBe(999);
    } finally {
      await h.pool.query('DELETE FROM public.ixo_hub_migrations WHERE version = 999');
    }
  });

  it('serves HTTPS with the given certificate', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ixo-hub-tls-'));
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], {
      stdio: 'ignore',
    });
    const tls = await h.startHub({ IXO_HUB_TLS_CERT: cert, IXO_HUB_TLS_KEY: key });
    expect(tls.url.startsWith('https://')).toBe(true);
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(`${tls.url}${PATHS.health}`, { ca: readFileSync(cert), headers: { [CLIENT_VERSION_HEADER]: '0.1.0' } }, (res) => {
        let b = '';
        res.on('data', (d: Buffer) => (b += d.toString()));
        res.on('end', () => resolve(b));
      });
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(body)).toMatchObject({ ok: true, protocol: 1 });
    // Plain HTTP to the TLS port is not served.
    await expect(fetch(`http://127.0.0.1:${tls.port}${PATHS.health}`).then((r) => r.status)).rejects.toThrow();
    await tls.kill();
  });
});
