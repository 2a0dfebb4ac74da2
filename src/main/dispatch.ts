import type { z } from 'zod';
import { findCardNumber } from '../shared/card';
import { contract, isChannelName, type ChannelName } from '../shared/contract';
import { KIOSK_CHANNELS } from '../shared/contract/kiosk';
import { AppError, errorData, fieldIssue, zodIssueToField, type ErrorKey, type ErrorParams, type FieldIssue, type ParamsArg, type Result } from '../shared/errors';
import { can } from '../shared/roles';
import type { Actor, Ctx, Handlers, PublicCtx, Session } from './context';

export interface DispatchEnv {
  session(connectionId: string): Session;
  /** Current actor for a session, read fresh so role changes and disabling take effect at once. */
  actor(session: Session): Actor | null;
  lockAfterMs(): number;
  nowMs(): number;
  storesReady(): boolean;
  ctx(session: Session, actor: Actor): Ctx;
  publicCtx(session: Session): PublicCtx;
  handlers: Handlers;
  log(error: unknown, channel: string): void;
  /**
   * Runs a call that may write once no background job holds the stores (an erasure, or a job's
   * write turn), and keeps a job's write turn from starting until the call ends.
   */
  mainWrite<T>(run: () => Promise<T>): Promise<T>;
  /** Resolves once every commit made on the main thread so far is on disk (see db/durability). */
  durable(): Promise<void>;
}

/** Calls that work while the session is locked. */
const LOCK_EXEMPT = new Set<ChannelName>(['auth.unlock']);
/** Calls a session running the booth kiosk may make. */
const IN_KIOSK = new Set<ChannelName>(KIOSK_CHANNELS);
/**
 * Calls that never write to a store, so they need not wait for a job that holds the write locks (an
 * erasure's VACUUM, an import's batch): every other call waits for it without blocking the event loop.
 */
const NEVER_WRITE = new Set<ChannelName>(['jobs.get', 'jobs.cancel', 'app.status', 'app.about', 'auth.session', 'entries.auditProgress']);
/** Calls that do not count as user activity (progress polling). */
const NOT_ACTIVITY = new Set<ChannelName>(['jobs.get', 'entries.auditProgress']);

const fail: <K extends ErrorKey>(key: K, ...args: [...ParamsArg<ErrorParams<K>>, FieldIssue[]?]) => Result<never> = (key, ...args) => ({ ok: false, error: errorData(key, ...args) });

/** The input without the fields the channel's job checks itself. */
function without(data: unknown, fields: readonly string[]): unknown {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return data;
  const rest: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const f of fields) delete rest[f];
  return rest;
}

/** zod issues as keyed field problems (the parse must use `reportInput: true` to tell "missing" apart). */
export function zodFields(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => zodIssueToField(i));
}

/**
 * The one entry point for every call from a renderer, always in this order:
 * session, permission, input, service, result as data.
 */
export async function dispatch(env: DispatchEnv, connectionId: string, channel: unknown, input: unknown): Promise<Result<unknown>> {
  if (!isChannelName(channel)) return fail('unknown_channel', { channel: String(channel) });
  const def = contract[channel];
  const session = env.session(connectionId);
  if (session.kioskEventId !== null && !IN_KIOSK.has(channel)) return fail('kiosk.running');

  let actor: Actor | null = null;
  if (def.access !== 'public') {
    if (!env.storesReady()) return fail('store_unavailable');
    actor = env.actor(session);
    if (!actor) return fail('unauthenticated');
    const now = env.nowMs();
    // The kiosk is its own lock: it never falls to the staff lock screen between entrants.
    if (!session.locked && session.kioskEventId === null && now - session.lastActivityMs > env.lockAfterMs()) session.locked = true;
    if (session.locked && !LOCK_EXEMPT.has(channel)) return fail('locked');
    if (def.access !== 'signed_in' && !can(actor.role, def.access)) return fail('forbidden');
    if (!NOT_ACTIVITY.has(channel)) session.lastActivityMs = now;
  }

  const parsed = def.input.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    const fields = zodFields(parsed.error);
    // The first field's English message stays the overall message, for logs and old callers.
    return { ok: false, error: { ...errorData('invalid_input', {}, fields), message: fields[0]?.message ?? 'The input is not valid.' } };
  }
  const cardPath = findCardNumber(def.cardCheckInJob ? without(parsed.data, def.cardCheckInJob) : parsed.data);
  if (cardPath !== null) return fail('input.card_number', {}, [fieldIssue(cardPath, 'card_number')]);

  const handler = env.handlers[channel] as (ctx: Ctx | PublicCtx, input: unknown) => unknown;
  const call = async () => handler(actor ? env.ctx(session, actor) : env.publicCtx(session), parsed.data);
  if (NEVER_WRITE.has(channel)) return settle(env, channel, call);
  const outcome = await settle(env, channel, () => env.mainWrite(call));
  // A call that failed may have written too (an audit row of the attempt): the answer waits either way.
  try {
    await env.durable();
  } catch (e) {
    env.log(e, channel);
    return fail('store.not_durable');
  }
  return outcome;
}

async function settle(env: DispatchEnv, channel: ChannelName, call: () => Promise<unknown>): Promise<Result<unknown>> {
  try {
    const value = await call();
    return { ok: true, value: value === undefined ? null : value };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, error: e.toData() };
    env.log(e, channel);
    return fail('internal');
  }
}
