import type { ScreenDef } from '../screen-def';
import { OptOutsScreen } from './OptOutsScreen';
import { ImportScreen } from './ImportScreen';

export const optoutsScreens: readonly ScreenDef[] = [
  { id: 'optouts', label: 'Opt-outs', group: 'Customers', permission: 'optouts.process', component: OptOutsScreen },
  { id: 'optout-import', label: 'Opt-out import', group: 'Customers', permission: 'optouts.import', component: ImportScreen },
];
