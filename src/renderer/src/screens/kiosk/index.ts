import type { ScreenDef } from '../screen-def';

/** The kiosk runs inside the Booth screen, which shows it whenever the session is in the kiosk. */
export const kioskScreens: readonly ScreenDef[] = [];
