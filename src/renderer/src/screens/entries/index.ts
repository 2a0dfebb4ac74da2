import type { ScreenDef } from '../screen-def';
import { EntriesScreen } from './EntriesScreen';

export const entriesScreens: readonly ScreenDef[] = [
  { id: 'entries', label: 'nav.entries', group: 'events', permission: 'entries.read', component: EntriesScreen },
];
