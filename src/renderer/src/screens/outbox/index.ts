import type { ScreenDef } from '../screen-def';
import { OutboxScreen } from './OutboxScreen';

export const outboxScreens: readonly ScreenDef[] = [
  { id: 'outbox', label: 'Mail outbox', group: 'Customers', permission: 'outbox.read', component: OutboxScreen },
];
