import type { ScreenDef } from '../screen-def';
import { DsrScreen } from './DsrScreen';
import { AccessLogScreen } from './AccessLogScreen';

export const dsrScreens: readonly ScreenDef[] = [
  { id: 'dsr', label: 'Data requests', group: 'Records', permission: 'dsr.manage', component: DsrScreen },
  { id: 'access-log', label: 'Access log', group: 'Records', permission: 'dsr.manage', component: AccessLogScreen },
];
