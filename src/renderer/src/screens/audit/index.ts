import type { ScreenDef } from '../screen-def';
import { AuditScreen } from './AuditScreen';
import { CentralAuditScreen } from './CentralAuditScreen';

export const auditScreens: readonly ScreenDef[] = [
  { id: 'audit', label: 'nav.audit', group: 'administration', permission: 'audit.read', component: AuditScreen },
  { id: 'central-audit', label: 'nav.centralAudit', group: 'administration', permission: 'audit.central', component: CentralAuditScreen },
];
