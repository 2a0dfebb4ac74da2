import { FEATURES, type FeatureName } from '../../../shared/features';
import type { ScreenDef } from './screen-def';
import { appScreens } from './app';
import { auditScreens } from './audit';
import { authScreens } from './auth';
import { billingScreens } from './billing';
import { boothScreens } from './booth';
import { kioskScreens } from './kiosk';
import { customersScreens } from './customers';
import { dsrScreens } from './dsr';
import { entriesScreens } from './entries';
import { eventsScreens } from './events';
import { exportsScreens } from './exports';
import { jobsScreens } from './jobs';
import { leadsScreens } from './leads';
import { notesScreens } from './notes';
import { optoutsScreens } from './optouts';
import { outboxScreens } from './outbox';
import { productsScreens } from './products';
import { reportsScreens } from './reports';
import { settingsScreens } from './settings';
import { staffScreens } from './staff';
import { syncScreens } from './sync';

export type { ScreenDef };

/** Every feature's screens, by the names of src/shared/features.ts; a missing one does not type-check. */
const FEATURE_SCREENS = {
  booth: boothScreens,
  kiosk: kioskScreens,
  events: eventsScreens,
  entries: entriesScreens,
  customers: customersScreens,
  optouts: optoutsScreens,
  outbox: outboxScreens,
  leads: leadsScreens,
  notes: notesScreens,
  billing: billingScreens,
  reports: reportsScreens,
  exports: exportsScreens,
  dsr: dsrScreens,
  staff: staffScreens,
  audit: auditScreens,
  products: productsScreens,
  settings: settingsScreens,
  sync: syncScreens,
  app: appScreens,
  auth: authScreens,
  jobs: jobsScreens,
} satisfies { [F in FeatureName]: readonly ScreenDef[] };

/**
 * Every screen of the signed-in app, in the order of the feature list. The navigation shows what
 * the role may use; the core refuses the rest anyway.
 */
export const SCREENS: readonly ScreenDef[] = FEATURES.flatMap((f) => FEATURE_SCREENS[f]);
