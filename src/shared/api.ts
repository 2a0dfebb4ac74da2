import type { Result } from './errors';
import { CHANNEL_NAMES, type Api, type ChannelName } from './contract';

export type Invoke = (channel: ChannelName, input: unknown) => Promise<Result<unknown>>;

/**
 * Builds `window.api` from the contract table: one function per channel and nothing else.
 * The Electron preload and the browser test bridge both use this, so they expose the same surface.
 */
export function buildApi(invoke: Invoke): Api {
  const api: Record<string, Record<string, (input: unknown) => Promise<Result<unknown>>>> = {};
  for (const name of CHANNEL_NAMES) {
    const [feature, verb] = name.split('.') as [string, string];
    (api[feature] ??= {})[verb] = (input: unknown) => invoke(name, input === undefined ? {} : input);
  }
  for (const group of Object.values(api)) Object.freeze(group);
  return Object.freeze(api) as unknown as Api;
}
