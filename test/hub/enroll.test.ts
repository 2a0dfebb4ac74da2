import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCodeResponse, errorBody, heartbeatResponse, listDevicesResponse, PATHS, pushResponse, refreshResponse } from '../../src/shared/sync/protocol';
import { call, spawnHub, startHubHarness, type HubHarness, type HubProcess } from '../support/hub-harness';
import { entryItem } from './client';

let h: HubHarness;
let hub: HubProcess;

beforeAll(async () => {
  h = await startHubHarness({ env: { IXO_HUB_ENROLL_LIMIT: '5', IXO_HUB_ENROLL_WINDOW_S: '3600' } });
  hub = await h.startHub();
});
// The limit is low here so the rate-limit test reaches it; every test starts with a fresh window.
beforeEach(async () => {
  await h.pool.query('DELETE FROM hub.rate_limits');
});
afterAll(async () => {
  await h?.close();
});

const codeOf = (r: { body: unknown }) => errorBody.parse(r.body).error.code;

describe('enrollment', () => {
  it('enrolls with a one-time code, stored only as a hash, and refuses it the second time', async () => {
    const code = await h.createCode('booth', 'Booth A');
    const plain = await h.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM hub.enrollment_codes WHERE position(convert_to($1, 'UTF8') IN code_hash) > 0", [code.replace('-', '')]);
    expect(plain.rows[0]!.n).toBe(0);
    const hashed = await h.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM hub.enrollment_codes WHERE code_hash = sha256(convert_to($1, 'UTF8'))", [code.replace('-', '')]);
    expect(hashed.rows[0]!.n).toBe(1);
    const first = await call(hub.url, PATHS.enroll, { body: { code: code.toLowerCase(), appVersion: '0.1.0' } });
    expect(first.status).toBe(200);
    const again = await call(hub.url, PATHS.enroll, { body: { code, appVersion: '0.1.0' } });
    expect(again.status).toBe(400);
    expect(codeOf(again)).toBe('enrollment_code_invalid');
  });

  it('refuses an expired code', async () => {
    const code = await h.createCode('booth', 'Late booth');
    await h.pool.query("UPDATE hub.enrollment_codes SET expires_at = now() - interval '1 second'");
    const r = await call(hub.url, PATHS.enroll, { body: { code, appVersion: '0.1.0' } });
    expect(codeOf(r)).toBe('enrollment_code_invalid');
  });

  it('rate-limits attempts per address across hub processes, with Retry-After', async () => {
    const other = await h.startHub();
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await call(i % 2 ? other.url : hub.url, PATHS.enroll, { body: { code: 'AAAAA-AAAAA', appVersion: '0.1.0' } }));
    expect(answers.slice(0, 5).map(codeOf)).toEqual(Array(5).fill('enrollment_code_invalid'));
    expect(answers.slice(5).map((a) => a.status)).toEqual([429, 429]);
    expect(Number(answers[5]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(errorBody.parse(answers[5]!.body).error.retryAfterS).toBeGreaterThan(0);
    await other.kill();
  });

  it('gives the first office device that offers a key the organisation key; later ones get that key', async () => {
    const donated = Buffer.alloc(32, 7).toString('base64');
    const first = await h.enroll(hub, 'office', 'Office 1', { localSuppressionKey: donated });
    expect(first.suppressionKeyAdopted).toBe(true);
    expect(first.suppressionKey).toBe(donated);
    const second = await h.enroll(hub, 'office', 'Office 2', { localSuppressionKey: Buffer.alloc(32, 9).toString('base64') });
    expect(second.suppressionKeyAdopted).toBe(false);
    expect(second.suppressionKey).toBe(donated);
    const booth = await h.enroll(hub, 'booth', 'Booth B');
    expect(booth.suppressionKey).toBe(donated);
    const hb = await call(hub.url, PATHS.heartbeat, { token: booth.tokens.accessToken, body: { appVersion: '0.1.0', pendingCount: 3, oldestPendingAt: null, clock: new Date().toISOString() } });
    expect(heartbeatResponse.parse(hb.body).suppressionKey).toBe(donated);
    const sealed = await h.pool.query<{ sealed: Buffer }>('SELECT sealed FROM hub.org_keys');
    expect(sealed.rows[0]!.sealed.includes(Buffer.alloc(32, 7))).toBe(false);
  });

  it('refuses a client below the minimum version with client_too_old and the version it needs', async () => {
    const strict = await h.startHub({ IXO_HUB_MIN_CLIENT_VERSION: '2.0.0' });
    const r = await call(strict.url, PATHS.enroll, { body: { code: 'x', appVersion: '1.9.9' }, version: '1.9.9' });
    expect(r.status).toBe(426);
    expect(errorBody.parse(r.body).error).toMatchObject({ code: 'client_too_old', minVersion: '2.0.0' });
    await strict.kill();
  });
});

describe('tokens', () => {
  it('rotates the refresh token; reusing a spent one after its successor was used revokes the device', async () => {
    const dev = await h.enroll(hub, 'booth', 'Booth R');
    const r1 = await call(hub.url, PATHS.refresh, { body: { refreshToken: dev.tokens.refreshToken } });
    expect(r1.status).toBe(200);
    const t1 = refreshResponse.parse(r1.body).tokens;
    // The successor is used: the old token is now spent for good.
    const r2 = await call(hub.url, PATHS.refresh, { body: { refreshToken: t1.refreshToken } });
    expect(r2.status).toBe(200);
    const t2 = refreshResponse.parse(r2.body).tokens;
    const reuse = await call(hub.url, PATHS.refresh, { body: { refreshToken: dev.tokens.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(codeOf(reuse)).toBe('refresh_reused');
    // The whole credential is gone: the newest access token is refused as revoked.
    const hb = await call(hub.url, PATHS.heartbeat, { token: t2.accessToken, body: { appVersion: '0.1.0', pendingCount: 0, oldestPendingAt: null, clock: new Date().toISOString() } });
    expect(hb.status).toBe(403);
    expect(codeOf(hb)).toBe('device_revoked');
    const audit = await h.pool.query("SELECT 1 FROM hub.audit WHERE device_id = $1 AND action = 'refresh_reused'", [dev.deviceId]);
    expect(audit.rowCount).toBe(1);
  });

  it('treats a repeated refresh whose answer was lost as a retry, and withdraws the unused pair', async () => {
    const dev = await h.enroll(hub, 'booth', 'Booth L');
    const lost = refreshResponse.parse((await call(hub.url, PATHS.refresh, { body: { refreshToken: dev.tokens.refreshToken } })).body).tokens;
    const retry = await call(hub.url, PATHS.refresh, { body: { refreshToken: dev.tokens.refreshToken } });
    expect(retry.status).toBe(200);
    const hb = await call(hub.url, PATHS.heartbeat, { token: lost.accessToken, body: { appVersion: '0.1.0', pendingCount: 0, oldestPendingAt: null, clock: new Date().toISOString() } });
    expect(codeOf(hb)).toBe('unauthorized');
    const r = await call(hub.url, PATHS.refresh, { body: { refreshToken: lost.refreshToken } });
    expect(codeOf(r)).toBe('refresh_reused');
  });

  it('stores tokens only as hashes', async () => {
    const dev = await h.enroll(hub, 'office', 'Office T');
    const dump = await h.pool.query<{ t: string }>("SELECT string_agg(encode(token_hash, 'escape'), '') AS t FROM hub.access_tokens");
    expect(dump.rows[0]!.t.includes(dev.tokens.accessToken)).toBe(false);
    const raw = await h.pool.query('SELECT 1 FROM hub.refresh_tokens WHERE token_hash = convert_to($1, \'utf8\')', [dev.tokens.refreshToken]);
    expect(raw.rowCount).toBe(0);
  });
});

describe('device management', () => {
  const cli = async (...args: string[]) => {
    const s = spawnHub(h.env, args);
    const code = await s.exit;
    return { code, stdout: s.stdout(), stderr: s.stderr() };
  };

  it('the command line creates a code, lists devices and revokes one by name', async () => {
    const made = await cli('enroll', '--profile', 'booth', '--name', 'CLI booth');
    expect(made.code).toBe(0);
    const code = made.stdout.trim();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    const r = await call(hub.url, PATHS.enroll, { body: { code, appVersion: '0.1.0' } });
    expect(r.status).toBe(200);
    const dev = (r.body as { deviceId: string; tokens: { accessToken: string } });
    const listed = await cli('devices');
    expect(listed.stdout).toMatch(new RegExp(`${dev.deviceId}\\s+booth\\s+"CLI booth"`));
    const revoked = await cli('revoke', 'CLI booth');
    expect(revoked.code).toBe(0);
    const p = await call(hub.url, PATHS.push, { body: { items: [entryItem()] }, token: dev.tokens.accessToken });
    expect(errorBody.parse(p.body).error.code).toBe('device_revoked');
    const bad = await cli('enroll', '--profile', 'kiosk', '--name', 'x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--profile booth or --profile office/);
  });

  it('an office device creates codes and sees every device with what its heartbeat reported', async () => {
    const office = await h.enroll(hub, 'office', 'Office admin');
    const made = await call(hub.url, PATHS.adminCodes, { token: office.tokens.accessToken, body: { profile: 'booth', name: 'Booth from admin', ttlHours: 2 } });
    expect(made.status).toBe(200);
    const code = createCodeResponse.parse(made.body);
    const booth = await call(hub.url, PATHS.enroll, { body: { code: code.code, appVersion: '0.2.0' } });
    const boothId = (booth.body as { deviceId: string }).deviceId;
    const token = (booth.body as { tokens: { accessToken: string } }).tokens.accessToken;
    const oldest = '2026-12-01T10:00:00.000Z';
    const skewed = new Date(Date.now() - 10 * 60_000).toISOString();
    const hb = heartbeatResponse.parse((await call(hub.url, PATHS.heartbeat, { token, body: { appVersion: '0.2.1', pendingCount: 42, oldestPendingAt: oldest, clock: skewed } })).body);
    expect(hb.clockSkewMs).toBeGreaterThan(9 * 60_000);
    const pushed = pushResponse.parse((await call(hub.url, PATHS.push, { token, body: { items: [entryItem()] } })).body);
    expect(pushed.results[0]!.status).toBe('stored');
    const list = listDevicesResponse.parse((await call(hub.url, PATHS.adminDevices, { token: office.tokens.accessToken })).body);
    const me = list.devices.find((d) => d.id === boothId)!;
    expect(me).toMatchObject({ name: 'Booth from admin', profile: 'booth', appVersion: '0.2.1', pendingCount: 42, oldestPendingAt: oldest, revokedAt: null });
    expect(me.lastSeenAt).not.toBeNull();
    const rv = await call(hub.url, PATHS.adminRevoke(boothId), { token: office.tokens.accessToken, body: {} });
    expect((rv.body as { device: { revokedAt: string | null } }).device.revokedAt).not.toBeNull();
  });
});
