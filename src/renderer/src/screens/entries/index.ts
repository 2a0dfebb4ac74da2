import type { ScreenDef } from '../screen-def';
import { EntriesScreen } from './EntriesScreen';

export const entriesScreens: readonly ScreenDef[] = [
  { id: 'entries', label: 'Entries', group: 'Events', permission: 'entries.read', component: EntriesScreen },
];
