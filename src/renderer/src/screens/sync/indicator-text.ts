import type { SyncStatus } from '../../../../shared/contract/sync';

/** Clock difference from the hub above which the Sync screen warns. */
export const CLOCK_WARN_MS = 5 * 60_000;

const minutesAgo = (iso: string, nowMs: number) => {
  const m = Math.max(0, Math.floor((nowMs - Date.parse(iso)) / 60_000));
  if (m === 0) return 'just now';
  if (m === 1) return '1 minute ago';
  if (m < 120) return `${m} minutes ago`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h} hours ago` : `${Math.floor(h / 24)} days ago`;
};

export type IndicatorTone = 'ok' | 'busy' | 'warn' | 'bad' | 'off';

/** The words of the sync indicator: one short state a person can act on. */
export function indicatorText(s: SyncStatus, nowMs: number): { text: string; tone: IndicatorTone } {
  const waiting = s.pending === 1 ? '1 record waiting' : `${s.pending} records waiting`;
  switch (s.state) {
    case 'not_enrolled':
      return { text: 'Sync: not set up', tone: 'off' };
    case 'revoked':
      return { text: 'Sync: revoked — enroll again', tone: 'bad' };
    case 'attention':
      return { text: 'Sync: needs attention', tone: 'bad' };
    case 'offline':
      return { text: s.pending > 0 ? `Sync: offline, ${waiting}` : 'Sync: offline', tone: 'warn' };
    case 'retrying': {
      const secs = s.retryAt ? Math.max(0, Math.ceil((Date.parse(s.retryAt) - nowMs) / 1000)) : 0;
      return { text: `Sync: retrying in ${secs} s`, tone: 'warn' };
    }
    case 'syncing':
      return { text: 'Sync: syncing…', tone: 'busy' };
    case 'pending':
      return { text: `Sync: ${waiting}`, tone: 'busy' };
    case 'synced':
      if (s.pending > 0) return { text: `Sync: ${waiting}`, tone: 'busy' };
      return { text: s.lastSyncedAt ? `Synced ${minutesAgo(s.lastSyncedAt, nowMs)}` : 'Synced', tone: 'ok' };
  }
}

/** What each state means and what to do, for the Sync screen. */
export function stateAdvice(s: SyncStatus): string {
  switch (s.state) {
    case 'not_enrolled':
      return 'This device is not linked to a hub. Its records stay on this device. An admin can enroll it below.';
    case 'revoked':
      return 'The hub no longer accepts this device. Everything not yet sent is kept here. An admin must enroll it again with a new code.';
    case 'attention':
      return 'Sync stopped on a problem a person must fix (see the error below). Nothing is lost; it tries again on “Sync now”.';
    case 'offline':
      return 'The hub cannot be reached. Records are kept here and sent when the connection is back; the device keeps trying by itself.';
    case 'retrying':
      return 'The hub had a temporary problem. The device tries again by itself; nothing is lost.';
    case 'syncing':
      return 'Sending and receiving now.';
    case 'pending':
      return 'Records are waiting to be sent; they go with the next sync, within a minute.';
    case 'synced':
      return 'Everything on this device is on the hub.';
  }
}
