import type { ScreenDef } from '../screen-def';
import { EventsScreen } from './EventsScreen';

export const eventsScreens: readonly ScreenDef[] = [
  { id: 'events', label: 'nav.events', group: 'events', permission: 'events.manage', component: EventsScreen },
];
