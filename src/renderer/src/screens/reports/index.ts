import type { ScreenDef } from '../screen-def';
import { ReportsScreen } from './ReportsScreen';

export const reportsScreens: readonly ScreenDef[] = [
  { id: 'reports', label: 'Reports', group: 'Reports', permission: 'reports.read', component: ReportsScreen },
];
