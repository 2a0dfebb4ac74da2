import type { ScreenDef } from '../screen-def';
import { SyncScreen } from './SyncScreen';

export const syncScreens: readonly ScreenDef[] = [{ id: 'sync', label: 'nav.sync', group: 'administration', permission: null, component: SyncScreen }];
