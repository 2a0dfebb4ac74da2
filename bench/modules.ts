import type { BenchModule } from './types';
import foundation from './foundation';

/** Every bench module, in the order they run. Append one line (and its import) per feature. */
export const modules: BenchModule[] = [
  foundation,
];
