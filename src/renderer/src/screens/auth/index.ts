import type { ScreenDef } from '../screen-def';

/** Signing in, first run and locking are shown by the shell, not the navigation. */
export const authScreens: readonly ScreenDef[] = [];
