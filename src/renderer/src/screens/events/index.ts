import type { ScreenDef } from '../screen-def';
import { EventsScreen } from './EventsScreen';

export const eventsScreens: readonly ScreenDef[] = [
  { id: 'events', label: 'Events', group: 'Events', permission: 'events.manage', component: EventsScreen },
];
