import type { z } from 'zod';
import { CARD_NUMBER_MESSAGE, findCardNumber } from '../shared/card';
import { contract, isChannelName, type ChannelName } from '../shared/contract';
import { KIOSK_CHANNELS } from '../shared/contract/kiosk';
import { AppError, type AppErrorData, type FieldIssue, type Result } from '../shared/errors';
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
}

/** Calls that work while the session is locked. */
const LOCK_EXEMPT = new Set<ChannelName>(['auth.unlock']);
/** Calls a session running the booth kiosk may make. */
const IN_KIOSK = new Set<ChannelName>(KIOSK_CHANNELS);
/** Calls that do not count as user activity (progress polling). */
const NOT_ACTIVITY = new Set<ChannelName>(['jobs.get']);

const fail = (code: AppErrorData['code'], message: string, fields?: FieldIssue[]): Result<never> => ({
  ok: false,
  error: fields ? { code, message, fields } : { code, message },
});

export function zodFields(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * The one entry point for every call from a renderer, in the order the design guide fixes:
 * session, permission, input, service, result as data.
 */
export async function dispatch(env: DispatchEnv, connectionId: string, channel: unknown, input: unknown): Promise<Result<unknown>> {
  if (!isChannelName(channel)) return fail('unknown_channel', `There is no channel named ${JSON.stringify(String(channel)).slice(0, 80)}.`);
  const def = contract[channel];
  const session = env.session(connectionId);
  if (session.kioskEventId !== null && !IN_KIOSK.has(channel)) return fail('forbidden', 'The booth kiosk is running in this window. A staff password ends it.');

  let actor: Actor | null = null;
  if (def.access !== 'public') {
    if (!env.storesReady()) return fail('store_unavailable', 'The data stores are not open. Restart the app and follow the instructions on the start screen.');
    actor = env.actor(session);
    if (!actor) return fail('unauthenticated', 'Please sign in.');
    const now = env.nowMs();
    // The kiosk is its own lock: it never falls to the staff lock screen between entrants.
    if (!session.locked && session.kioskEventId === null && now - session.lastActivityMs > env.lockAfterMs()) session.locked = true;
    if (session.locked && !LOCK_EXEMPT.has(channel)) return fail('locked', 'The session is locked. Enter your password to continue.');
    if (def.access !== 'signed_in' && !can(actor.role, def.access)) return fail('forbidden', 'Your role does not allow this.');
    if (!NOT_ACTIVITY.has(channel)) session.lastActivityMs = now;
  }

  const parsed = def.input.safeParse(input);
  if (!parsed.success) {
    const fields = zodFields(parsed.error);
    return fail('invalid_input', fields[0]?.message ?? 'The input is not valid.', fields);
  }
  const cardPath = findCardNumber(parsed.data);
  if (cardPath !== null) return fail('invalid_input', CARD_NUMBER_MESSAGE, [{ path: cardPath, message: CARD_NUMBER_MESSAGE }]);

  try {
    const handler = env.handlers[channel] as (ctx: Ctx | PublicCtx, input: unknown) => unknown;
    const value = await handler(actor ? env.ctx(session, actor) : env.publicCtx(session), parsed.data);
    return { ok: true, value: value === undefined ? null : value };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, error: e.toData() };
    env.log(e, channel);
    return fail('internal', 'Something went wrong and nothing was saved. Try again; if it keeps happening, contact support.');
  }
}
