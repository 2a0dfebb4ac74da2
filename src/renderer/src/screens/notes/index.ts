import type { ScreenDef } from '../screen-def';
import { NotesScreen } from './NotesScreen';

export const notesScreens: readonly ScreenDef[] = [
  { id: 'notes', label: 'Service notes', group: 'Customers', permission: 'notes.read', component: NotesScreen },
];
