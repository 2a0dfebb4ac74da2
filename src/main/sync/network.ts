import type { SyncStateName } from '../../shared/contract/sync';

/**
 * What the operating system tells the app about the network, and whether it means "try the hub
 * now". The Electron shell relays these (the window's online/offline events through the preload,
 * the power monitor's resume); the decision lives here so it is tested under Node.
 */
/** The one-way IPC message the preload sends with the window's 'online' and 'offline' events. */
export const NETWORK_EVENT = 'sync:network';

export const NETWORK_SIGNALS = ['online', 'offline', 'resume'] as const;
export type NetworkSignal = (typeof NETWORK_SIGNALS)[number];

export const isNetworkSignal = (v: unknown): v is NetworkSignal => typeof v === 'string' && (NETWORK_SIGNALS as readonly string[]).includes(v);

/**
 * True when a round should start at once instead of waiting for its backoff: the network came back
 * while the loop was offline or retrying, or the computer woke from sleep (its network may have
 * changed while it slept).
 */
export function syncNowOn(signal: NetworkSignal, state: SyncStateName): boolean {
  switch (signal) {
    case 'offline':
      return false;
    case 'online':
      return state === 'offline' || state === 'retrying';
    case 'resume':
      return state !== 'not_enrolled' && state !== 'revoked' && state !== 'syncing';
  }
}
