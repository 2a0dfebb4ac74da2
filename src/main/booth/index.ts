import type { MainFeature } from '../context';
import { boothHandlers } from './handlers';

export const boothMain = { handlers: boothHandlers, jobs: {} } satisfies MainFeature<'booth'>;
