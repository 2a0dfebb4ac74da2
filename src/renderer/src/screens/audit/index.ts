import type { ScreenDef } from '../screen-def';
import { AuditScreen } from './AuditScreen';

export const auditScreens: readonly ScreenDef[] = [
  { id: 'audit', label: 'Audit log', group: 'Administration', permission: 'audit.read', component: AuditScreen },
];
