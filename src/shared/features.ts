/**
 * Every feature of the app, by name: the one list. A feature's name is the prefix of its channels
 * (`optouts.process`), its job kinds (`optouts.importApply`) and the name of its folders:
 * src/shared/contract/<name>.ts, src/main/<name>/, src/renderer/src/screens/<name>/ and its tests.
 * The contract table, the core's handlers, the worker's job table and the navigation are built from
 * this list; each is checked to have an entry for every name, so a feature missing on one side does
 * not type-check. The order is the order of the navigation.
 */
export const FEATURES = [
  'booth',
  'kiosk',
  'events',
  'entries',
  'customers',
  'optouts',
  'outbox',
  'leads',
  'notes',
  'billing',
  'reports',
  'exports',
  'dsr',
  'staff',
  'audit',
  'products',
  'settings',
  'sync',
  'app',
  'auth',
  'jobs',
] as const;

export type FeatureName = (typeof FEATURES)[number];
