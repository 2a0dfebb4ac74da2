import type { ComponentType } from 'react';
import type { Permission } from '../../../shared/roles';
import type { MessageKey } from '../i18n';
import { AboutScreen } from './about/AboutScreen';
import { ExportsScreen } from './reports/ExportsScreen';
import { ReportsScreen } from './reports/ReportsScreen';
import { AuditScreen } from './admin/AuditScreen';
import { SettingsScreen } from './admin/SettingsScreen';
import { StaffScreen } from './admin/StaffScreen';
import { BoothScreen } from './booth/BoothScreen';
import { EntriesScreen } from './events/EntriesScreen';
import { EventsScreen } from './events/EventsScreen';
import { LeadsScreen } from './leads/LeadsScreen';
import { NotesScreen } from './notes/NotesScreen';
import { BillingScreen } from './billing/BillingScreen';
import { DsrScreen } from './dsr/DsrScreen';
import { AccessLogScreen } from './dsr/AccessLogScreen';
import { RegisterScreen } from './customers/RegisterScreen';
import { AccountsScreen } from './customers/AccountsScreen';
import { OptOutsScreen } from './customers/OptOutsScreen';
import { ImportScreen } from './customers/ImportScreen';
import { OutboxScreen } from './customers/OutboxScreen';
import { ProductsScreen } from './customers/ProductsScreen';

export interface ScreenDef {
  id: string;
  label: MessageKey;
  /** Section heading in the navigation. */
  group: 'customers' | 'events' | 'records' | 'reports' | 'administration' | 'help';
  /** Shown only to roles with this permission; null means every signed-in user. */
  permission: Permission | null;
  component: ComponentType;
}

/**
 * Every screen of the signed-in app. The navigation shows what the role may use; the core refuses
 * the rest anyway. Features add their screens here.
 */
export const SCREENS: readonly ScreenDef[] = [
  { id: 'booth', label: 'nav.booth', group: 'events', permission: 'booth.capture', component: BoothScreen },
  { id: 'events', label: 'nav.events', group: 'events', permission: 'events.manage', component: EventsScreen },
  { id: 'entries', label: 'nav.entries', group: 'events', permission: 'entries.read', component: EntriesScreen },
  { id: 'register', label: 'nav.register', group: 'customers', permission: 'customers.register', component: RegisterScreen },
  { id: 'accounts', label: 'nav.accounts', group: 'customers', permission: 'customers.read', component: AccountsScreen },
  { id: 'optouts', label: 'nav.optouts', group: 'customers', permission: 'optouts.process', component: OptOutsScreen },
  { id: 'optout-import', label: 'nav.optoutImport', group: 'customers', permission: 'imports.run', component: ImportScreen },
  { id: 'outbox', label: 'nav.outbox', group: 'customers', permission: 'outbox.read', component: OutboxScreen },
  { id: 'leads', label: 'nav.leads', group: 'customers', permission: 'leads.read', component: LeadsScreen },
  { id: 'notes', label: 'nav.notes', group: 'customers', permission: 'notes.read', component: NotesScreen },
  { id: 'billing', label: 'nav.billing', group: 'customers', permission: 'billing.read', component: BillingScreen },
  { id: 'reports', label: 'nav.reports', group: 'reports', permission: 'reports.read', component: ReportsScreen },
  { id: 'exports', label: 'nav.exports', group: 'reports', permission: 'exports.run', component: ExportsScreen },
  { id: 'dsr', label: 'nav.dsr', group: 'records', permission: 'dsr.manage', component: DsrScreen },
  { id: 'access-log', label: 'nav.accessLog', group: 'records', permission: 'dsr.manage', component: AccessLogScreen },
  { id: 'staff', label: 'nav.staff', group: 'administration', permission: 'staff.manage', component: StaffScreen },
  { id: 'audit', label: 'nav.audit', group: 'administration', permission: 'audit.read', component: AuditScreen },
  { id: 'products', label: 'nav.products', group: 'administration', permission: 'products.manage', component: ProductsScreen },
  { id: 'settings', label: 'nav.settings', group: 'administration', permission: 'settings.manage', component: SettingsScreen },
  { id: 'about', label: 'nav.about', group: 'help', permission: null, component: AboutScreen },
];
