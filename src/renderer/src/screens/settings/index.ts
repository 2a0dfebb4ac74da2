import type { ScreenDef } from '../screen-def';
import { SettingsScreen } from './SettingsScreen';

export const settingsScreens: readonly ScreenDef[] = [
  { id: 'settings', label: 'Settings', group: 'Administration', permission: 'settings.manage', component: SettingsScreen },
];
