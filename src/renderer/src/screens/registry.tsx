import type { ComponentType } from 'react';
import type { Permission } from '../../../shared/roles';
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
import { SyncScreen } from './sync/SyncScreen';

export interface ScreenDef {
  id: string;
  label: string;
  /** Section heading in the navigation. */
  group: 'Customers' | 'Events' | 'Records' | 'Reports' | 'Administration' | 'Help';
  /** Shown only to roles with this permission; null means every signed-in user. */
  permission: Permission | null;
  component: ComponentType;
}

/**
 * Every screen of the signed-in app. The navigation shows what the role may use; the core refuses
 * the rest anyway. Features add their screens here.
 */
export const SCREENS: readonly ScreenDef[] = [
  { id: 'booth', label: 'Booth', group: 'Events', permission: 'booth.capture', component: BoothScreen },
  { id: 'events', label: 'Events', group: 'Events', permission: 'events.manage', component: EventsScreen },
  { id: 'entries', label: 'Entries', group: 'Events', permission: 'entries.read', component: EntriesScreen },
  { id: 'register', label: 'Register customer', group: 'Customers', permission: 'customers.register', component: RegisterScreen },
  { id: 'accounts', label: 'Accounts', group: 'Customers', permission: 'customers.read', component: AccountsScreen },
  { id: 'optouts', label: 'Opt-outs', group: 'Customers', permission: 'optouts.process', component: OptOutsScreen },
  { id: 'optout-import', label: 'Opt-out import', group: 'Customers', permission: 'imports.run', component: ImportScreen },
  { id: 'outbox', label: 'Mail outbox', group: 'Customers', permission: 'outbox.read', component: OutboxScreen },
  { id: 'leads', label: 'Leads', group: 'Customers', permission: 'leads.read', component: LeadsScreen },
  { id: 'notes', label: 'Service notes', group: 'Customers', permission: 'notes.read', component: NotesScreen },
  { id: 'billing', label: 'Billing', group: 'Customers', permission: 'billing.read', component: BillingScreen },
  { id: 'reports', label: 'Reports', group: 'Reports', permission: 'reports.read', component: ReportsScreen },
  { id: 'exports', label: 'Exports', group: 'Reports', permission: 'exports.run', component: ExportsScreen },
  { id: 'dsr', label: 'Data requests', group: 'Records', permission: 'dsr.manage', component: DsrScreen },
  { id: 'access-log', label: 'Access log', group: 'Records', permission: 'dsr.manage', component: AccessLogScreen },
  { id: 'staff', label: 'Staff', group: 'Administration', permission: 'staff.manage', component: StaffScreen },
  { id: 'audit', label: 'Audit log', group: 'Administration', permission: 'audit.read', component: AuditScreen },
  { id: 'products', label: 'Products', group: 'Administration', permission: 'products.manage', component: ProductsScreen },
  { id: 'settings', label: 'Settings', group: 'Administration', permission: 'settings.manage', component: SettingsScreen },
  { id: 'sync', label: 'Sync', group: 'Administration', permission: null, component: SyncScreen },
  { id: 'about', label: 'About & privacy', group: 'Help', permission: null, component: AboutScreen },
];
