import type { ScreenDef } from '../screen-def';
import { ReportsScreen } from './ReportsScreen';

export const reportsScreens: readonly ScreenDef[] = [
  { id: 'reports', label: 'nav.reports', group: 'reports', permission: 'reports.read', component: ReportsScreen },
];
