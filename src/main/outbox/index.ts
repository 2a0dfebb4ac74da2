import type { MainFeature } from '../context';
import { outboxHandlers } from './handlers';

export const outboxMain = { handlers: outboxHandlers, jobs: {} } satisfies MainFeature<'outbox'>;
