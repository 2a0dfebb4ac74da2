import type { ScreenDef } from '../screen-def';
import { BoothScreen } from './BoothScreen';

export const boothScreens: readonly ScreenDef[] = [
  { id: 'booth', label: 'Booth', group: 'Events', permission: 'booth.capture', component: BoothScreen },
];
