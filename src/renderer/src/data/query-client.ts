import { QueryClient } from '@tanstack/react-query';
import type { ChannelError } from './channel';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ChannelError;
  }
}

/**
 * The cache of what the core answered, for one signed-in session (App makes a new one at every
 * sign-in, so nothing one staff member loaded is ever shown to the next).
 *
 * - No retries: a refusal from the core is an answer, and asking again gives the same one.
 * - No refetch on window focus or reconnect: some reads are audited (opening an account, reading
 *   notes or leads), so a read happens when a screen opens or the data changes, not when the
 *   window is clicked.
 * - Data is stale at once, so opening a screen again reads afresh (showing the last answer meanwhile).
 * - Calls go out whether or not the machine is online: they go to the core in this app, not over
 *   the network (by default TanStack Query holds every call while the browser says it is offline,
 *   and a booth with its network cut off would stop taking entries).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false, staleTime: 0, networkMode: 'always' },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
}
