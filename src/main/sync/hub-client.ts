import type { z } from 'zod';
import { CLIENT_VERSION_HEADER, errorBody, type ErrorCode } from '../../shared/sync';

/**
 * HTTP to the hub with global fetch. Every answer is parsed with the protocol's zod schema; every
 * failure becomes a HubError the loop can act on. No retry here: the loop owns retrying.
 */

/** A failure talking to the hub. `code` is the hub's code, or 'network' when no answer arrived. */
export class HubError extends Error {
  constructor(
    readonly code: ErrorCode | 'network' | 'bad_answer',
    message: string,
    readonly status: number | null = null,
    readonly retryAfterS: number | null = null,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

export interface HubRequest<T extends z.ZodType> {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  accessToken?: string;
  answer: T;
  /** Milliseconds before the request is abandoned (counted as a network failure). */
  timeoutMs?: number;
}

function retryAfterSeconds(header: string | null, fromBody: number | undefined): number | null {
  if (fromBody !== undefined) return fromBody;
  if (header === null) return null;
  const n = Number(header);
  if (Number.isFinite(n) && n >= 0) return n;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

export async function hubRequest<T extends z.ZodType>(baseUrl: string, appVersion: string, req: HubRequest<T>): Promise<z.output<T>> {
  const headers: Record<string, string> = { [CLIENT_VERSION_HEADER]: appVersion, accept: 'application/json' };
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  if (req.accessToken) headers.authorization = `Bearer ${req.accessToken}`;
  let res: Response;
  let text: string;
  try {
    res = await fetch(new URL(req.path, baseUrl), {
      method: req.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: AbortSignal.timeout(req.timeoutMs ?? 30_000),
    });
    text = await res.text();
  } catch (e) {
    throw new HubError('network', `The hub could not be reached: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`);
  }
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const err = errorBody.safeParse(json);
    const retryAfter = retryAfterSeconds(res.headers.get('retry-after'), err.success ? err.data.error.retryAfterS : undefined);
    if (err.success) throw new HubError(err.data.error.code, err.data.error.message, res.status, retryAfter);
    // A proxy or load balancer in between answered, not the hub.
    const code = res.status === 429 ? 'rate_limited' : res.status >= 500 ? 'unavailable' : 'bad_answer';
    throw new HubError(code, `The hub answered HTTP ${res.status}.`, res.status, retryAfter);
  }
  const parsed = req.answer.safeParse(json);
  if (!parsed.success) throw new HubError('bad_answer', `The hub's answer to ${req.path} was not understood.`, res.status);
  return parsed.data;
}
