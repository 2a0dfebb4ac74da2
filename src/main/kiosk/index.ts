import type { MainFeature } from '../context';
import { kioskHandlers } from './handlers';

export const kioskMain = { handlers: kioskHandlers, jobs: {} } satisfies MainFeature<'kiosk'>;
