import { z } from 'zod';
import { rule } from '../errors';
import { channel, feature } from './define';
import { id, longText } from '../fields';

/**
 * Service notes (policy 2c): what customer service learns is kept apart from the account. Only
 * these channels return notes, and only to customer service; no account view, account query,
 * report or export includes them.
 */

export interface ServiceNote {
  id: number;
  accountId: number;
  body: string;
  createdAt: string;
  createdByName: string;
  updatedAt: string;
  updatedByName: string;
}

const body = longText('Note', 4000).refine((v) => v.trim().length > 0, rule('required', { message: 'Note is required.' }));

export const addNoteInput = z.object({ accountId: id, body }).strict();
export const updateNoteInput = z.object({ id, body }).strict();

export const notesFeature = feature('notes', {
  channels: {
    'notes.list': channel<ServiceNote[]>()('notes.read', z.object({ accountId: id }).strict()),
    'notes.add': channel<ServiceNote>()('notes.write', addNoteInput),
    'notes.update': channel<ServiceNote>()('notes.write', updateNoteInput),
    'notes.remove': channel<null>()('notes.write', z.object({ id }).strict()),
  },
});
