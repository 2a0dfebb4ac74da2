/** The staff roles and the single permission matrix (policy 4: least privilege). */
export const ROLES = ['booth_staff', 'office_staff', 'customer_service', 'billing_clerk', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  booth_staff: 'Booth staff',
  office_staff: 'Office staff',
  customer_service: 'Customer service',
  billing_clerk: 'Billing clerk',
  manager: 'Manager',
  admin: 'Admin',
};

export const PERMISSIONS = [
  'staff.manage',
  'settings.manage',
  'products.manage',
  'audit.read',
  'customers.register',
  'customers.read',
  'optouts.process',
  'optouts.import',
  'outbox.read',
  'leads.manage',
  'leads.read',
  'notes.read',
  'notes.write',
  'billing.read',
  'billing.write',
  'booth.capture',
  'events.manage',
  'entries.read',
  'reports.read',
  'exports.run',
  'dsr.manage',
  'sync.manage',
  'audit.central',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  booth_staff: ['booth.capture'],
  office_staff: ['customers.register', 'customers.read', 'optouts.process', 'optouts.import', 'outbox.read', 'leads.manage', 'leads.read'],
  customer_service: ['customers.read', 'notes.read', 'notes.write'],
  billing_clerk: ['billing.read', 'billing.write'],
  manager: ['customers.read', 'leads.read', 'outbox.read', 'events.manage', 'entries.read', 'reports.read', 'exports.run', 'dsr.manage', 'audit.read', 'audit.central'],
  admin: ['staff.manage', 'settings.manage', 'products.manage', 'audit.read', 'sync.manage', 'audit.central'],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/**
 * Who a booth device holds offline: booth staff run the kiosk; managers (who own events) and admins
 * (who look after the device and its sync) may unlock it. Anyone else is refused on a booth.
 */
export const BOOTH_ROLES: readonly Role[] = ['booth_staff', 'manager', 'admin'];
