import { FEATURES, type FeatureName } from '../shared/features';
import type { Handlers, MainFeature } from './context';
import { appMain } from './app';
import { auditMain } from './audit';
import { authMain } from './auth';
import { billingMain } from './billing';
import { boothMain } from './booth';
import { customersMain } from './customers';
import { dsrMain } from './dsr';
import { entriesMain } from './entries';
import { eventsMain } from './events';
import { exportsMain } from './exports';
import { jobsMain } from './jobs';
import { kioskMain } from './kiosk';
import { leadsMain } from './leads';
import { notesMain } from './notes';
import { optoutsMain } from './optouts';
import { outboxMain } from './outbox';
import { productsMain } from './products';
import { reportsMain } from './reports';
import { settingsMain } from './settings';
import { staffMain } from './staff';
import { syncMain } from './sync';

/** Every feature's main-process side, by the names of src/shared/features.ts; a missing one does not type-check. */
export const MAIN_FEATURES = {
  booth: boothMain,
  kiosk: kioskMain,
  events: eventsMain,
  entries: entriesMain,
  customers: customersMain,
  optouts: optoutsMain,
  outbox: outboxMain,
  leads: leadsMain,
  notes: notesMain,
  billing: billingMain,
  reports: reportsMain,
  exports: exportsMain,
  dsr: dsrMain,
  staff: staffMain,
  audit: auditMain,
  products: productsMain,
  settings: settingsMain,
  sync: syncMain,
  app: appMain,
  auth: authMain,
  jobs: jobsMain,
} satisfies { [F in FeatureName]: MainFeature<F> };

/** Joins the features' tables in list order (names are prefixed by feature, so none repeats). */
function join<T>(part: (f: FeatureName) => object): T {
  const joined: Record<string, unknown> = {};
  for (const f of FEATURES) Object.assign(joined, part(f));
  return joined as T;
}

/** The handler of every channel: each feature's handlers cover exactly its channels, so together they cover all. */
export const handlers = join<Handlers>((f) => MAIN_FEATURES[f].handlers);
