import type { ScreenDef } from '../screen-def';
import { OptOutsScreen } from './OptOutsScreen';
import { ImportScreen } from './ImportScreen';

export const optoutsScreens: readonly ScreenDef[] = [
  { id: 'optouts', label: 'nav.optouts', group: 'customers', permission: 'optouts.process', component: OptOutsScreen },
  { id: 'optout-import', label: 'nav.optoutImport', group: 'customers', permission: 'optouts.import', component: ImportScreen },
];
