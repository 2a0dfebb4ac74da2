import type { BenchModule } from './types';
import foundation from './foundation';
import customers from './customers';
import exportsBench from './exports';
import booth from './booth';
import dsr from './dsr';
import search from './search';
import hub from './hub';
import sync from './sync';
import table from './table';
import mainThread from './main-thread';
import officeSync from './office-sync';

/** Every bench module, in the order they run. Append one line (and its import) per feature. */
export const modules: BenchModule[] = [
  foundation,
  customers,
  booth,
  exportsBench,
  dsr,
  search,
  hub,
  sync,
  table,
  mainThread,
  officeSync,
];
