import type { MainFeature } from '../context';
import { boothHandlers } from './handlers';
import { boothJobs } from './jobs';

export const boothMain = { handlers: boothHandlers, jobs: boothJobs } satisfies MainFeature<'booth'>;
