import type { ScreenDef } from '../screen-def';
import { LeadsScreen } from './LeadsScreen';

export const leadsScreens: readonly ScreenDef[] = [
  { id: 'leads', label: 'Leads', group: 'Customers', permission: 'leads.read', component: LeadsScreen },
];
