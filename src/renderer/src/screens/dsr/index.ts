import type { ScreenDef } from '../screen-def';
import { DsrScreen } from './DsrScreen';
import { AccessLogScreen } from './AccessLogScreen';

export const dsrScreens: readonly ScreenDef[] = [
  { id: 'dsr', label: 'nav.dsr', group: 'records', permission: 'dsr.manage', component: DsrScreen },
  { id: 'access-log', label: 'nav.accessLog', group: 'records', permission: 'dsr.manage', component: AccessLogScreen },
];
