import type { ScreenDef } from '../screen-def';
import { AboutScreen } from './AboutScreen';

export const appScreens: readonly ScreenDef[] = [
  { id: 'about', label: 'About & privacy', group: 'Help', permission: null, component: AboutScreen },
];
