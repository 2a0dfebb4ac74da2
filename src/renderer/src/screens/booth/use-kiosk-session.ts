import { useEffect, useRef } from 'react';
import type { KioskConfig } from '../../../../shared/contract/booth';
import { useChannelQuery } from '../../data';
import { useSession } from '../../lib/session-store';

/**
 * The kiosk as the core has it. The session says which event's kiosk this window runs
 * (SessionInfo.kioskEventId, set by kiosk.enter and cleared only by kiosk.leave with a staff
 * password), so a reload or a renderer crash comes straight back into the kiosk.
 */
export function useKioskConfig(eventId: number): { config: KioskConfig | null; error: string | null } {
  const query = useChannelQuery('booth.config', { eventId });
  return { config: query.data ?? null, error: query.errorMessage };
}

/** Calls `onEnded` when this window's kiosk ends (the core cleared it after a staff password). */
export function useKioskEnded(onEnded: () => void): void {
  const kioskEventId = useSession((s) => s.session?.kioskEventId ?? null);
  const previous = useRef(kioskEventId);
  useEffect(() => {
    if (previous.current !== null && kioskEventId === null) onEnded();
    previous.current = kioskEventId;
  }, [kioskEventId, onEnded]);
}
