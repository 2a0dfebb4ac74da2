import type { ScreenDef } from '../screen-def';

/** Background jobs are shown by the screen that started them. */
export const jobsScreens: readonly ScreenDef[] = [];
