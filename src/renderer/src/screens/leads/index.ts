import type { ScreenDef } from '../screen-def';
import { LeadsScreen } from './LeadsScreen';

export const leadsScreens: readonly ScreenDef[] = [
  { id: 'leads', label: 'nav.leads', group: 'customers', permission: 'leads.read', component: LeadsScreen },
];
