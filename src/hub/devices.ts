import { randomBytes, randomUUID } from 'node:crypto';
import {
  ENROLLMENT_CODE_LENGTH,
  normaliseEnrollmentCode,
  type CreateCodeResponse,
  type DeviceInfo,
  type EnrollRequest,
  type EnrollResponse,
  type HeartbeatRequest,
  type HeartbeatResponse,
  type Profile,
  type Tokens,
} from '../shared/sync/protocol';
import { audit } from './audit';
import type { HubConfig } from './config';
import { newCode, newToken, open, seal, sha256Bytes, type DataKey } from './crypto';
import { inTx, type Client, type Pool } from './db';
import { HubError } from './errors';
import { hit } from './rate-limit';

/** Devices, their credentials, enrollment codes and the organisation's suppression key. */

export interface Device {
  id: string;
  name: string;
  profile: Profile;
}

/** A spent refresh token presented again within this many seconds, before its successor was used, is a retry, not a theft. */
export const REFRESH_RETRY_GRACE_S = 120;

const formatCode = (c: string) => `${c.slice(0, 5)}-${c.slice(5)}`;

export async function createEnrollmentCode(
  pool: Pool,
  input: { profile: Profile; name: string; ttlHours?: number; createdBy: string },
): Promise<CreateCodeResponse> {
  const code = newCode(ENROLLMENT_CODE_LENGTH);
  const ttl = input.ttlHours ?? 24;
  const r = await pool.query<{ expires_at: Date }>(
    `INSERT INTO hub.enrollment_codes (code_hash, profile, name, created_by, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5)) RETURNING expires_at`,
    [sha256Bytes(code), input.profile, input.name, input.createdBy, ttl],
  );
  await audit(pool, null, 'code_created', { profile: input.profile, name: input.name, by: input.createdBy, ttlHours: ttl });
  return { code: formatCode(code), profile: input.profile, name: input.name, expiresAt: r.rows[0]!.expires_at.toISOString() };
}

async function issueTokens(c: Client, cfg: HubConfig, deviceId: string): Promise<Tokens> {
  const access = newToken('ixoa');
  const refresh = newToken('ixor');
  const refreshHash = sha256Bytes(refresh);
  const r = await c.query<{ a: Date; r: Date }>(
    `WITH ins AS (
       INSERT INTO hub.refresh_tokens (token_hash, device_id, expires_at) VALUES ($3, $1, now() + make_interval(secs => $5)) RETURNING expires_at
     )
     INSERT INTO hub.access_tokens (token_hash, device_id, refresh_hash, expires_at)
     VALUES ($2, $1, $3, now() + make_interval(secs => $4))
     RETURNING expires_at AS a, (SELECT expires_at FROM ins) AS r`,
    [deviceId, sha256Bytes(access), refreshHash, cfg.accessTtlS, cfg.refreshTtlS],
  );
  const row = r.rows[0]!;
  return { accessToken: access, accessExpiresAt: row.a.toISOString(), refreshToken: refresh, refreshExpiresAt: row.r.toISOString() };
}

/** The organisation's suppression HMAC key (base64), or null before any device gave or received one. */
export async function orgKey(c: Client | Pool, key: DataKey): Promise<string | null> {
  const r = await c.query<{ sealed: Buffer }>('SELECT sealed FROM hub.org_keys WHERE id = 1');
  return r.rows[0] ? open(key, r.rows[0].sealed, 'org suppression key') : null;
}

export async function enroll(pool: Pool, cfg: HubConfig, req: EnrollRequest, ip: string): Promise<EnrollResponse> {
  await hit(pool, `enroll:${ip}`, cfg.enrollLimit, cfg.enrollWindowS);
  const codeHash = sha256Bytes(normaliseEnrollmentCode(req.code));
  const deviceId = randomUUID();
  const result = await inTx(pool, async (c) => {
    const code = await c.query<{ profile: Profile; name: string }>(
      `UPDATE hub.enrollment_codes SET used_at = now(), used_by = $2
       WHERE code_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING profile, name`,
      [codeHash, deviceId],
    );
    const row = code.rows[0];
    if (!row) return null;
    const name = row.name || req.deviceName || 'device';
    const inserted = await c.query<{ number: number | null }>(
      `INSERT INTO hub.devices (id, name, profile, app_version, number)
       VALUES ($1, $2, $3, $4, CASE WHEN $3 = 'office' THEN nextval('hub.device_number_seq') END) RETURNING number`,
      [deviceId, name, row.profile, req.appVersion],
    );
    let adopted = false;
    if (row.profile === 'office') {
      const donated = req.localSuppressionKey !== undefined;
      const k = donated ? Buffer.from(req.localSuppressionKey!, 'base64') : randomBytes(32);
      const ins = await c.query(
        `INSERT INTO hub.org_keys (id, sealed, origin, donor_device) VALUES (1, $1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [seal(cfg.dataKey, k.toString('base64'), 'org suppression key'), donated ? 'donated' : 'generated', donated ? deviceId : null],
      );
      adopted = donated && ins.rowCount === 1;
    }
    const tokens = await issueTokens(c, cfg, deviceId);
    await audit(c, deviceId, 'enroll', { profile: row.profile, name, appVersion: req.appVersion, suppressionKeyAdopted: adopted });
    return { name, profile: row.profile, tokens, adopted, key: await orgKey(c, cfg.dataKey), number: inserted.rows[0]!.number };
  });
  if (!result) {
    await audit(pool, null, 'enroll_refused', { ip });
    throw new HubError('enrollment_code_invalid', 'This enrollment code is unknown, already used or expired. Ask for a new code.');
  }
  return {
    deviceId,
    name: result.name,
    profile: result.profile,
    tokens: result.tokens,
    suppressionKey: result.key,
    suppressionKeyAdopted: result.adopted,
    hubTime: new Date().toISOString(),
    deviceNumber: result.number,
  };
}

type RefreshOutcome = { ok: true; tokens: Tokens } | { ok: false; error: HubError };

export async function refresh(pool: Pool, cfg: HubConfig, refreshToken: string): Promise<Tokens> {
  const hash = sha256Bytes(refreshToken);
  const outcome = await inTx<RefreshOutcome>(pool, async (c) => {
    const r = await c.query<{ device_id: string; used_at: Date | null; expired: boolean; replaced_by: Buffer | null; revoked: boolean; in_grace: boolean }>(
      `SELECT t.device_id, t.used_at, t.expires_at <= now() AS expired, t.replaced_by, d.revoked_at IS NOT NULL AS revoked,
              t.used_at > now() - make_interval(secs => $2) AS in_grace
       FROM hub.refresh_tokens t JOIN hub.devices d ON d.id = t.device_id
       WHERE t.token_hash = $1 FOR UPDATE OF t, d`,
      [hash, REFRESH_RETRY_GRACE_S],
    );
    const t = r.rows[0];
    if (!t) return { ok: false, error: new HubError('refresh_invalid', 'Unknown refresh token. Enroll this device again.') };
    if (t.revoked) return { ok: false, error: new HubError('device_revoked', 'This device was revoked. Enroll it again; nothing unsent is lost.') };
    if (t.expired) return { ok: false, error: new HubError('refresh_invalid', 'The refresh token expired. Enroll this device again.') };
    if (t.used_at) {
      // A retry after a lost answer: the successor pair was never used, so withdraw it and issue another.
      const successor = t.replaced_by
        ? await c.query<{ used: boolean }>('SELECT used_at IS NOT NULL AS used FROM hub.refresh_tokens WHERE token_hash = $1', [t.replaced_by])
        : null;
      const successorUnused = successor?.rows[0]?.used === false;
      if (!(t.in_grace && successorUnused)) {
        // Revoking the device refuses every token of it at once (authenticate checks the device).
        await c.query("UPDATE hub.devices SET revoked_at = now(), revoked_reason = 'refresh token reused' WHERE id = $1", [t.device_id]);
        await audit(c, t.device_id, 'refresh_reused', {});
        return {
          ok: false,
          error: new HubError('refresh_reused', 'A refresh token was used twice, so this device was revoked to be safe. Enroll it again; nothing unsent is lost.'),
        };
      }
      await c.query('UPDATE hub.refresh_tokens SET used_at = now() WHERE token_hash = $1', [t.replaced_by]);
      await c.query('DELETE FROM hub.access_tokens WHERE refresh_hash = $1', [t.replaced_by]);
    }
    const tokens = await issueTokens(c, cfg, t.device_id);
    await c.query('UPDATE hub.refresh_tokens SET used_at = COALESCE(used_at, now()), replaced_by = $2 WHERE token_hash = $1', [hash, sha256Bytes(tokens.refreshToken)]);
    await c.query('DELETE FROM hub.access_tokens WHERE device_id = $1 AND expires_at < now()', [t.device_id]);
    await audit(c, t.device_id, 'refresh', {});
    return { ok: true, tokens };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.tokens;
}

/** The device behind an access token, or the refusal to answer with. Checked once, when a request starts. */
export async function authenticate(pool: Pool, accessToken: string | undefined): Promise<Device> {
  if (!accessToken) throw new HubError('unauthorized', 'No access token. Enroll this device.');
  const r = await pool.query<{ id: string; name: string; profile: Profile; revoked: boolean; expired: boolean }>(
    `SELECT d.id, d.name, d.profile, d.revoked_at IS NOT NULL AS revoked, a.expires_at <= now() AS expired
     FROM hub.access_tokens a JOIN hub.devices d ON d.id = a.device_id WHERE a.token_hash = $1`,
    [sha256Bytes(accessToken)],
  );
  const d = r.rows[0];
  if (!d) throw new HubError('unauthorized', 'Unknown access token. Refresh it or enroll this device again.');
  if (d.revoked) throw new HubError('device_revoked', 'This device was revoked. Enroll it again; nothing unsent is lost.');
  if (d.expired) throw new HubError('token_expired', 'The access token expired. Refresh it and repeat the request.');
  return { id: d.id, name: d.name, profile: d.profile };
}

export async function heartbeat(pool: Pool, cfg: HubConfig, device: Device, req: HeartbeatRequest): Promise<HeartbeatResponse> {
  const now = Date.now();
  const skew = now - Date.parse(req.clock);
  const r = await pool.query<{ number: number | null }>(
    'UPDATE hub.devices SET last_seen_at = now(), app_version = $2, pending_count = $3, oldest_pending_at = $4, clock_skew_ms = $5 WHERE id = $1 RETURNING number',
    [device.id, req.appVersion, req.pendingCount, req.oldestPendingAt, skew],
  );
  return {
    hubTime: new Date(now).toISOString(),
    clockSkewMs: skew,
    device,
    suppressionKey: await orgKey(pool, cfg.dataKey),
    minClientVersion: cfg.minClientVersion,
    deviceNumber: r.rows[0]?.number ?? null,
  };
}

interface DeviceRow {
  id: string;
  name: string;
  profile: Profile;
  enrolled_at: Date;
  last_seen_at: Date | null;
  app_version: string | null;
  pending_count: number | null;
  oldest_pending_at: Date | null;
  clock_skew_ms: string | null;
  revoked_at: Date | null;
  revoked_reason: string | null;
  conflicts: number;
}

const DEVICE_SELECT = `
  SELECT d.*, (
    (SELECT count(*) FROM contest.conflicts c WHERE c.device_id = d.id) + (SELECT count(*) FROM customer.conflicts c WHERE c.device_id = d.id)
  )::int AS conflicts
  FROM hub.devices d`;

const toInfo = (r: DeviceRow): DeviceInfo => ({
  id: r.id,
  name: r.name,
  profile: r.profile,
  enrolledAt: r.enrolled_at.toISOString(),
  lastSeenAt: r.last_seen_at?.toISOString() ?? null,
  appVersion: r.app_version,
  pendingCount: r.pending_count,
  oldestPendingAt: r.oldest_pending_at?.toISOString() ?? null,
  clockSkewMs: r.clock_skew_ms === null ? null : Number(r.clock_skew_ms),
  revokedAt: r.revoked_at?.toISOString() ?? null,
  revokedReason: r.revoked_reason,
  conflicts: r.conflicts,
});

export async function listDevices(pool: Pool): Promise<DeviceInfo[]> {
  const r = await pool.query<DeviceRow>(`${DEVICE_SELECT} ORDER BY d.enrolled_at, d.id`);
  return r.rows.map(toInfo);
}

/** Revokes a device by id or by exact name (refused when the name is ambiguous). Takes effect on its next request. */
export async function revokeDevice(pool: Pool, idOrName: string, by: string): Promise<DeviceInfo> {
  return inTx(pool, async (c) => {
    const isId = /^[0-9a-f-]{36}$/i.test(idOrName);
    const found = await c.query<{ id: string }>(isId ? 'SELECT id FROM hub.devices WHERE id = $1' : 'SELECT id FROM hub.devices WHERE name = $1', [idOrName]);
    if (found.rows.length === 0) throw new HubError('not_found', `No device "${idOrName}".`);
    if (found.rows.length > 1) throw new HubError('bad_request', `Several devices are named "${idOrName}"; revoke by id.`);
    const id = found.rows[0]!.id;
    await c.query("UPDATE hub.devices SET revoked_at = COALESCE(revoked_at, now()), revoked_reason = COALESCE(revoked_reason, 'revoked by ' || $2) WHERE id = $1", [id, by]);
    await audit(c, id, 'revoke', { by });
    const r = await c.query<DeviceRow>(`${DEVICE_SELECT} WHERE d.id = $1`, [id]);
    return toInfo(r.rows[0]!);
  });
}
