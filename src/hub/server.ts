import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  auditPushRequest,
  CLIENT_VERSION_HEADER,
  compareVersions,
  createCodeRequest,
  enrollRequest,
  ERROR_STATUS,
  feedQuery,
  FEEDS,
  heartbeatRequest,
  LIMITS,
  PATHS,
  PROTOCOL_VERSION,
  pushRequest,
  refreshRequest,
  replicaPushRequest,
  type ErrorBody,
  type Feed,
} from '../shared/sync/protocol';
import type { HubConfig } from './config';
import { isUnavailable, type Pool } from './db';
import { auditChains, receiveAudit } from './audit-chain';
import { audit } from './audit';
import { authenticate, createEnrollmentCode, enroll, heartbeat, listDevices, refresh, revokeDevice, type Device } from './devices';
import { HubError } from './errors';
import { readFeed } from './feeds';
import { push } from './push';
import { pushRecords, readReplicaFeed } from './replica';

/**
 * The hub's HTTP API (PATHS in shared/sync/protocol.ts). Every body is parsed with the protocol's
 * zod schemas; every refusal is an ErrorBody. The hub keeps nothing between requests: every fact
 * is in PostgreSQL, so any number of hub processes can serve one database.
 */

declare module 'fastify' {
  interface FastifyRequest {
    device?: Device;
  }
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new HubError('bad_request', `Invalid request${issue ? ` at ${issue.path.join('.') || 'body'}: ${issue.message}` : ''}.`);
  }
  return r.data;
}

function errorReply(reply: FastifyReply, err: HubError): FastifyReply {
  const body: ErrorBody = { error: { code: err.code, message: err.message, ...err.extra } };
  if (err.extra.retryAfterS !== undefined) reply.header('retry-after', String(err.extra.retryAfterS));
  return reply.code(ERROR_STATUS[err.code]).send(body);
}

export function toHubError(err: unknown): HubError {
  if (err instanceof HubError) return err;
  const e = err as { code?: string; statusCode?: number; message?: string };
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new HubError('payload_too_large', `The request is larger than ${LIMITS.bodyBytes} bytes; send smaller batches.`);
  if (e.statusCode === 400 || e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new HubError('bad_request', `Invalid request: ${e.message ?? 'unreadable body'}.`);
  }
  if (e.statusCode === 415) return new HubError('bad_request', 'Send JSON (content-type: application/json).');
  if (isUnavailable(err)) return new HubError('unavailable', 'The hub cannot reach its database right now. Retrying.', { retryAfterS: 2 });
  return new HubError('internal', 'The hub failed on this request. Retrying may help; the hub log has details.');
}

export function buildServer(pool: Pool, cfg: HubConfig, log: (line: string) => void): FastifyInstance {
  const app = Fastify({
    bodyLimit: LIMITS.bodyBytes,
    trustProxy: cfg.behindProxy,
    logger: false,
    ...(cfg.tls ? { https: { cert: cfg.tls.cert, key: cfg.tls.key } } : {}),
  } as Parameters<typeof Fastify>[0]) as unknown as FastifyInstance;

  app.setErrorHandler((err, _req, reply) => {
    const h = toHubError(err);
    if (h.code === 'internal' || h.code === 'unavailable') log(`request failed: ${(err as Error).stack ?? String(err)}`);
    return errorReply(reply, h);
  });
  app.setNotFoundHandler((_req, reply) => errorReply(reply, new HubError('not_found', 'No such hub endpoint.')));

  app.addHook('onRequest', async (req: FastifyRequest) => {
    // Refuse an oversize body only after reading it: answering while the client is still writing
    // makes the client fail with a broken pipe and never see the answer. Beyond four times the
    // limit the connection is simply cut.
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > LIMITS.bodyBytes) {
      if (length > 4 * LIMITS.bodyBytes) {
        req.raw.destroy();
        return;
      }
      await new Promise<void>((resolve) => {
        req.raw.on('end', resolve).on('error', () => resolve()).resume();
      });
      throw new HubError('payload_too_large', `The request is larger than ${LIMITS.bodyBytes} bytes; send smaller batches.`);
    }
    if (req.url === PATHS.health) return;
    const v = req.headers[CLIENT_VERSION_HEADER];
    if (typeof v !== 'string' || v === '') throw new HubError('bad_request', `Send the app version in the ${CLIENT_VERSION_HEADER} header.`);
    if (compareVersions(v, cfg.minClientVersion) < 0) {
      throw new HubError('client_too_old', `This app version (${v}) is too old for the hub; update to ${cfg.minClientVersion} or later.`, { minVersion: cfg.minClientVersion });
    }
  });

  const device = async (req: FastifyRequest): Promise<Device> => {
    const h = req.headers.authorization;
    const token = h?.startsWith('Bearer ') ? h.slice(7) : undefined;
    return authenticate(pool, token);
  };
  const office = async (req: FastifyRequest): Promise<Device> => {
    const d = await device(req);
    if (d.profile !== 'office') throw new HubError('forbidden_profile', 'Only an office device may manage devices.');
    return d;
  };

  app.get(PATHS.health, async () => ({ ok: true, protocol: PROTOCOL_VERSION, hubTime: new Date().toISOString(), minClientVersion: cfg.minClientVersion }));

  app.post(PATHS.enroll, async (req) => enroll(pool, cfg, parse(enrollRequest, req.body), req.ip));

  app.post(PATHS.refresh, async (req) => {
    const body = parse(refreshRequest, req.body);
    return { tokens: await refresh(pool, cfg, body.refreshToken), hubTime: new Date().toISOString() };
  });

  app.post(PATHS.push, async (req) => {
    const d = await device(req);
    const body = parse(pushRequest, req.body);
    return { results: await push(pool, cfg.dataKey, d, body.items), hubTime: new Date().toISOString() };
  });

  app.get<{ Params: { feed: string } }>('/v1/feeds/:feed', async (req) => {
    const d = await device(req);
    const feed = req.params.feed as Feed;
    if (!FEEDS.includes(feed)) throw new HubError('not_found', `No feed "${req.params.feed}".`);
    const q = parse(feedQuery, req.query);
    return readFeed(pool, cfg.dataKey, d, feed, q.cursor, q.limit);
  });

  app.post(PATHS.replicaPush, async (req) => ({ results: await pushRecords(pool, cfg.dataKey, await device(req), parse(replicaPushRequest, req.body).items), hubTime: new Date().toISOString() }));
  app.get(PATHS.replicaFeed, async (req) => {
    const q = parse(feedQuery, req.query);
    return readReplicaFeed(pool, cfg.dataKey, await device(req), q.cursor, q.limit);
  });

  app.post(PATHS.heartbeat, async (req) => {
    const d = await device(req);
    return heartbeat(pool, cfg, d, parse(heartbeatRequest, req.body));
  });

  app.post(PATHS.adminCodes, async (req) => {
    const d = await office(req);
    const body = parse(createCodeRequest, req.body);
    return createEnrollmentCode(pool, { ...body, createdBy: `device ${d.name} (${d.id})` });
  });

  app.get(PATHS.adminDevices, async (req) => {
    await office(req);
    return { devices: await listDevices(pool) };
  });

  app.post<{ Params: { id: string } }>('/v1/admin/devices/:id/revoke', async (req) => {
    const d = await office(req);
    if (!/^[0-9a-f-]{36}$/i.test(req.params.id)) throw new HubError('bad_request', 'Revoke takes a device id.');
    return { device: await revokeDevice(pool, req.params.id, `device ${d.name} (${d.id})`) };
  });

  app.post(PATHS.auditPush, async (req) => receiveAudit(pool, cfg.dataKey, await device(req), parse(auditPushRequest, req.body)));
  app.get(PATHS.adminAudit, async (req) => {
    const d = await office(req);
    await audit(pool, d.id, 'audit_read', {});
    return { devices: await auditChains(pool), hubTime: new Date().toISOString() };
  });

  return app;
}
