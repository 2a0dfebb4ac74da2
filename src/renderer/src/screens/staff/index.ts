import type { ScreenDef } from '../screen-def';
import { StaffScreen } from './StaffScreen';

export const staffScreens: readonly ScreenDef[] = [
  { id: 'staff', label: 'Staff', group: 'Administration', permission: 'staff.manage', component: StaffScreen },
];
