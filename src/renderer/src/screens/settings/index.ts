import type { ScreenDef } from '../screen-def';
import { SettingsScreen } from './SettingsScreen';

export const settingsScreens: readonly ScreenDef[] = [
  { id: 'settings', label: 'nav.settings', group: 'administration', permission: 'settings.manage', component: SettingsScreen },
];
