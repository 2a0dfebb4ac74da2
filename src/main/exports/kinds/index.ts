import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ExportKind } from '../../../shared/contract/exports';
import { accounts, marketingList, optouts } from './accounts';
import { contestEntries, contestMarketing } from './contest-entries';
import { tableExists, type ExportKindDef } from './types';

export const EXPORT_KIND_DEFS: { [K in ExportKind]: ExportKindDef<K> } = {
  contest_entries: contestEntries,
  contest_marketing: contestMarketing,
  accounts,
  marketing_list: marketingList,
  optouts,
};

/** The kind's tables all exist (features land one by one; a kind waits for its data). */
export function kindAvailable(def: ExportKindDef<ExportKind>, stores: { customers: Database; contests: Database }): boolean {
  const { customers = [], contests = [] } = def.requires;
  return customers.every((t) => tableExists(stores.customers, t)) && contests.every((t) => tableExists(stores.contests, t));
}
