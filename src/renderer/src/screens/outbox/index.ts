import type { ScreenDef } from '../screen-def';
import { OutboxScreen } from './OutboxScreen';

export const outboxScreens: readonly ScreenDef[] = [
  { id: 'outbox', label: 'nav.outbox', group: 'customers', permission: 'outbox.read', component: OutboxScreen },
];
