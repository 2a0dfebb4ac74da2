import type { SyncStatus } from '../../../../shared/contract/sync';
import type { Translate } from '../../i18n';

/** Clock difference from the hub above which the Sync screen warns. */
export const CLOCK_WARN_MS = 5 * 60_000;
/** How often the header and the Sync screen ask for the sync state. */
export const SYNC_STATUS_POLL_MS = 5_000;

const ago = (t: Translate, iso: string, nowMs: number) => {
  const m = Math.max(0, Math.floor((nowMs - Date.parse(iso)) / 60_000));
  if (m === 0) return t('sync.ago.now');
  if (m < 120) return t('sync.ago.minutes', { count: m });
  const h = Math.floor(m / 60);
  return h < 48 ? t('sync.ago.hours', { count: h }) : t('sync.ago.days', { count: Math.floor(h / 24) });
};

export type IndicatorTone = 'ok' | 'busy' | 'warn' | 'bad' | 'off';

/** The words of the sync indicator: one short state a person can act on. */
export function indicatorText(t: Translate, s: SyncStatus, nowMs: number): { text: string; tone: IndicatorTone } {
  switch (s.state) {
    case 'not_enrolled':
      return { text: t('sync.indicator.notEnrolled'), tone: 'off' };
    case 'revoked':
      return { text: t('sync.indicator.revoked'), tone: 'bad' };
    case 'attention':
      return { text: t('sync.indicator.attention'), tone: 'bad' };
    case 'offline':
      return { text: s.pending > 0 ? t('sync.indicator.offlineWaiting', { count: s.pending }) : t('sync.indicator.offline'), tone: 'warn' };
    case 'retrying': {
      const secs = s.retryAt ? Math.max(0, Math.ceil((Date.parse(s.retryAt) - nowMs) / 1000)) : 0;
      return { text: t('sync.indicator.retrying', { secs }), tone: 'warn' };
    }
    case 'syncing':
      return { text: t('sync.indicator.syncing'), tone: 'busy' };
    case 'pending':
      return { text: t('sync.indicator.waiting', { count: s.pending }), tone: 'busy' };
    case 'synced':
      if (s.pending > 0) return { text: t('sync.indicator.waiting', { count: s.pending }), tone: 'busy' };
      return { text: s.lastSyncedAt ? t('sync.indicator.syncedAgo', { ago: ago(t, s.lastSyncedAt, nowMs) }) : t('sync.indicator.synced'), tone: 'ok' };
  }
}

/** What each state means and what to do, for the Sync screen. */
export function stateAdvice(t: Translate, s: SyncStatus): string {
  switch (s.state) {
    case 'not_enrolled':
      return t('sync.advice.notEnrolled');
    case 'revoked':
      return t('sync.advice.revoked');
    case 'attention':
      return t('sync.advice.attention');
    case 'offline':
      return t('sync.advice.offline');
    case 'retrying':
      return t('sync.advice.retrying');
    case 'syncing':
      return t('sync.advice.syncing');
    case 'pending':
      return t('sync.advice.pending');
    case 'synced':
      return t('sync.advice.synced');
  }
}
