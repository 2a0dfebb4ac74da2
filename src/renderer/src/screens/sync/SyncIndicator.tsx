import { Button } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../../../shared/contract/sync';
import { useT } from '../../i18n';
import { call } from '../../lib/call';
import { indicatorText, type IndicatorTone } from './indicator-text';

const COLOR: Record<IndicatorTone, string> = { ok: 'teal', busy: 'blue', warn: 'orange', bad: 'red', off: 'gray' };
const POLL_MS = 5_000;

/** The sync state in the header of every screen; opens the Sync screen. */
export function SyncIndicator({ onOpen }: { onOpen: () => void }) {
  const t = useT();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let alive = true;
    const load = async () => {
      const r = await call(window.api.sync.status({}));
      if (alive && r.ok) setStatus(r.value);
      if (alive) setNow(Date.now());
    };
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);
  if (!status) return null;
  const { text, tone } = indicatorText(t, status, now);
  return (
    <Button variant="light" color={COLOR[tone]} size="compact-sm" onClick={onOpen} aria-label={t('sync.indicator.open', { text })} data-testid="sync-indicator">
      {text}
    </Button>
  );
}
