import type { ChannelName, InputOf, OutputOf } from '../../../shared/contract';
import type { FeatureName } from '../../../shared/features';
import type { AppErrorData, Result } from '../../../shared/errors';
import { call } from '../lib/call';

type Split<S extends string> = S extends `${infer F}.${infer V}` ? [F, V] : never;
export type FeatureOf<K extends ChannelName> = Split<K>[0] & FeatureName;

/** The feature a channel belongs to: the part of its name before the dot. */
export function featureOf<K extends ChannelName>(channel: K): FeatureOf<K> {
  return channel.slice(0, channel.indexOf('.')) as FeatureOf<K>;
}

/**
 * Calls one channel of window.api by its name, through `call` (so a locked or expired session is
 * handled in one place). window.api is built from the same contract table the name comes from;
 * the compiler cannot follow a lookup by a name known only as a string, so this is the one place
 * that says the lookup and the type agree.
 */
export function invoke<K extends ChannelName>(channel: K, input: InputOf<K>): Promise<Result<OutputOf<K>>> {
  const dot = channel.indexOf('.');
  const api = window.api as unknown as Record<string, Record<string, (input: unknown) => Promise<Result<unknown>>>>;
  return call(api[channel.slice(0, dot)]![channel.slice(dot + 1)]!(input)) as Promise<Result<OutputOf<K>>>;
}

/**
 * A refusal from the core inside TanStack Query, which needs a thrown value to tell failure from
 * success. It only carries the error data; screens read `error.data` and never see a throw.
 */
export class ChannelError extends Error {
  constructor(readonly data: AppErrorData) {
    super(data.message);
    this.name = 'ChannelError';
  }
}

/** The value of a result, or its error thrown as a ChannelError (for query and mutation functions). */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new ChannelError(result.error);
  return result.value;
}

/** Any failure as error data: a ChannelError's own, anything else as an internal error. */
export function errorDataOf(e: unknown): AppErrorData {
  if (e instanceof ChannelError) return e.data;
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}
