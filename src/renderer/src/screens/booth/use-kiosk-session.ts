import { useEffect, useRef, useState } from 'react';
import type { KioskConfig } from '../../../../shared/contract/booth';
import { call } from '../../lib/call';
import { useSession } from '../../lib/session-store';

/**
 * The kiosk as the core has it. The session says which event's kiosk this window runs
 * (SessionInfo.kioskEventId, set by kiosk.enter and cleared only by kiosk.leave with a staff
 * password), so a reload or a renderer crash comes straight back into the kiosk.
 */
export function useKioskConfig(eventId: number): { config: KioskConfig | null; error: string | null } {
  const [state, setState] = useState<{ config: KioskConfig | null; error: string | null }>({ config: null, error: null });
  useEffect(() => {
    let live = true;
    void call(window.api.booth.config({ eventId })).then((r) => {
      if (live) setState(r.ok ? { config: r.value, error: null } : { config: null, error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [eventId]);
  return state;
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
