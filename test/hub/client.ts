import { createHash, randomUUID } from 'node:crypto';
import { PATHS, pushResponse, refreshResponse, type PushItem, type PushResult, type Tokens } from '../../src/shared/sync/protocol';
import { call } from '../support/hub-harness';

/** A minimal sync client for hub tests: builds outbox items and pushes until the hub acknowledged them all. */

export const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export function entryItem(text = `entrant ${randomUUID()}`, id: string = randomUUID()): PushItem {
  const payload = JSON.stringify({ id, entrant: { name: text, email: `${text.replace(/\W/g, '')}@example.test` }, capturedAt: new Date().toISOString() });
  return { id, kind: 'contest_entry', sha256: sha(payload), payload, createdAt: new Date().toISOString() };
}

export function suppressionItem(emailHmac: string, lists: number): PushItem {
  const payload = JSON.stringify({ emailHmac, lists, at: new Date().toISOString() });
  return { id: randomUUID(), kind: 'suppression', sha256: sha(payload), payload, createdAt: new Date().toISOString() };
}

/** A suppression item with any payload: a batch is { at, changes: [[emailHmac, lists], …] }. */
export function suppressionPayloadItem(payload: unknown, id: string = randomUUID()): PushItem {
  const text = JSON.stringify(payload);
  return { id, kind: 'suppression', sha256: sha(text), payload: text, createdAt: new Date().toISOString() };
}

export function eventItem(eventId: string, version: number, body: unknown): PushItem {
  const payload = JSON.stringify({ eventId, version, body });
  return { id: randomUUID(), kind: 'event', sha256: sha(payload), payload, createdAt: new Date().toISOString() };
}

export interface PushLoopOptions {
  /** Where to send (read before every request, so a test can point it at a restarted hub). */
  url: () => string;
  tokens: Tokens;
  batch?: number;
  /** Bound on requests, so a broken hub fails the test instead of hanging it. */
  maxRequests?: number;
}

export interface PushLoopResult {
  acked: Map<string, PushResult>;
  requests: number;
  failures: number;
  statuses: number[];
}

/**
 * Pushes every item until each has an acknowledging result (stored, duplicate or conflict), the way
 * the device does: a network error or a 5xx leaves the batch unacknowledged and it is sent again;
 * 401 token_expired refreshes the tokens first.
 */
export async function pushUntilAcked(items: PushItem[], o: PushLoopOptions): Promise<PushLoopResult> {
  const acked = new Map<string, PushResult>();
  const statuses: number[] = [];
  let requests = 0;
  let failures = 0;
  const max = o.maxRequests ?? 2_000;
  while (acked.size < items.length) {
    if (requests >= max) throw new Error(`gave up after ${requests} requests with ${items.length - acked.size} unacknowledged`);
    const batch = items.filter((i) => !acked.has(i.id)).slice(0, o.batch ?? 100);
    requests++;
    let r;
    try {
      r = await call(o.url(), PATHS.push, { body: { items: batch }, token: o.tokens.accessToken });
    } catch {
      failures++;
      await new Promise((res) => setTimeout(res, 20));
      continue;
    }
    statuses.push(r.status);
    if (r.status === 401 && (r.body as { error?: { code?: string } }).error?.code === 'token_expired') {
      const t = await call(o.url(), PATHS.refresh, { body: { refreshToken: o.tokens.refreshToken } });
      if (t.status === 200) Object.assign(o.tokens, refreshResponse.parse(t.body).tokens);
      continue;
    }
    if (r.status !== 200) {
      failures++;
      if (r.status < 500) throw new Error(`push refused: ${r.status} ${JSON.stringify(r.body)}`);
      await new Promise((res) => setTimeout(res, 50));
      continue;
    }
    for (const res of pushResponse.parse(r.body).results) {
      if (res.status === 'refused') throw new Error(`item refused: ${JSON.stringify(res)}`);
      acked.set(res.id, res);
    }
  }
  return { acked, requests, failures, statuses };
}
