import type { ScreenDef } from '../screen-def';
import { SyncScreen } from './SyncScreen';

export const syncScreens: readonly ScreenDef[] = [{ id: 'sync', label: 'Sync', group: 'Administration', permission: null, component: SyncScreen }];
