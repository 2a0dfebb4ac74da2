import type { ScreenDef } from '../screen-def';
import { AboutScreen } from './AboutScreen';

export const appScreens: readonly ScreenDef[] = [
  { id: 'about', label: 'nav.about', group: 'help', permission: null, component: AboutScreen },
];
