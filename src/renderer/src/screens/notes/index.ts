import type { ScreenDef } from '../screen-def';
import { NotesScreen } from './NotesScreen';

export const notesScreens: readonly ScreenDef[] = [
  { id: 'notes', label: 'nav.notes', group: 'customers', permission: 'notes.read', component: NotesScreen },
];
