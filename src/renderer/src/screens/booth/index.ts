import type { ScreenDef } from '../screen-def';
import { BoothScreen } from './BoothScreen';

export const boothScreens: readonly ScreenDef[] = [
  { id: 'booth', label: 'nav.booth', group: 'events', permission: 'booth.capture', component: BoothScreen },
];
