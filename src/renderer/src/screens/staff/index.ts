import type { ScreenDef } from '../screen-def';
import { StaffScreen } from './StaffScreen';

export const staffScreens: readonly ScreenDef[] = [
  { id: 'staff', label: 'nav.staff', group: 'administration', permission: 'staff.manage', component: StaffScreen },
];
