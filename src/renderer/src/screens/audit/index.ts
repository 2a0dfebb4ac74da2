import type { ScreenDef } from '../screen-def';
import { AuditScreen } from './AuditScreen';

export const auditScreens: readonly ScreenDef[] = [
  { id: 'audit', label: 'nav.audit', group: 'administration', permission: 'audit.read', component: AuditScreen },
];
