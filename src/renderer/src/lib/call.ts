import type { Result } from '../../../shared/errors';
import { useSession } from './session-store';

/**
 * Every call to the core goes through here, so a locked or expired session is handled in one
 * place: the lock screen or the sign-in screen appears, and the caller gets the error as data.
 */
export async function call<T>(promise: Promise<Result<T>>): Promise<Result<T>> {
  let result: Result<T>;
  try {
    result = await promise;
  } catch (e) {
    result = { ok: false, error: { code: 'internal', message: `The app could not reach its core: ${e instanceof Error ? e.message : String(e)}` } };
  }
  if (!result.ok) {
    if (result.error.code === 'locked') useSession.getState().markLocked();
    if (result.error.code === 'unauthenticated' && useSession.getState().session) void useSession.getState().refresh();
  }
  return result;
}
