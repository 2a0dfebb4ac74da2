import { Button } from '@mantine/core';
import { useChannelQuery } from '../../data';
import { useT } from '../../i18n';
import { indicatorText, SYNC_STATUS_POLL_MS, type IndicatorTone } from './indicator-text';

const COLOR: Record<IndicatorTone, string> = { ok: 'teal', busy: 'blue', warn: 'orange', bad: 'red', off: 'gray' };

/** The sync state in the header of every screen; opens the Sync screen. */
export function SyncIndicator({ onOpen }: { onOpen: () => void }) {
  const t = useT();
  const query = useChannelQuery('sync.status', {}, { refetchInterval: SYNC_STATUS_POLL_MS });
  const status = query.data;
  if (!status) return null;
  // "N minutes ago" is counted from when the answer came.
  const { text, tone } = indicatorText(t, status, query.dataUpdatedAt);
  return (
    <Button variant="light" color={COLOR[tone]} size="compact-sm" onClick={onOpen} aria-label={t('sync.indicator.open', { text })} data-testid="sync-indicator">
      {text}
    </Button>
  );
}
