import { appError } from '../../shared/errors';
import type { Ctx, FeatureHandlers } from '../context';
import { findAccountRef, mustFindOpenAccount } from '../accounts/refs';
import { shareNoteAdded, shareNoteEdited, shareNoteRemoved } from '../replica/notes';
import { deleteNote, findNote, insertNote, listNotes, updateNote } from './repo';

function mustFindNote(ctx: Ctx, id: number) {
  const note = findNote(ctx.stores.customers, id);
  if (!note) throw appError('notes.not_found');
  return note;
}

export const notesHandlers = {
  'notes.list': (ctx, input) =>
    ctx.tx(() => {
      if (!findAccountRef(ctx.stores.customers, input.accountId)) throw appError('accounts.not_found', { accountId: null });
      const notes = listNotes(ctx.stores.customers, input.accountId);
      ctx.audit({ action: 'read.notes', subjectType: 'account', subjectId: input.accountId, details: { count: notes.length } });
      return notes;
    }),

  'notes.add': (ctx, input) => {
    const id = ctx.tx(() => {
      mustFindOpenAccount(ctx.stores.customers, input.accountId);
      const noteId = insertNote(ctx.stores.customers, input.accountId, input.body, ctx.actor.staffId, ctx.now());
      shareNoteAdded(ctx.stores.customers, noteId, ctx.now());
      ctx.audit({ action: 'note.add', subjectType: 'account', subjectId: input.accountId, details: { noteId } });
      return noteId;
    });
    return mustFindNote(ctx, id);
  },

  'notes.update': (ctx, input) => {
    ctx.tx(() => {
      const note = mustFindNote(ctx, input.id);
      mustFindOpenAccount(ctx.stores.customers, note.accountId);
      updateNote(ctx.stores.customers, input.id, input.body, ctx.actor.staffId, ctx.now());
      shareNoteEdited(ctx.stores.customers, input.id, ctx.now());
      ctx.audit({ action: 'note.update', subjectType: 'account', subjectId: note.accountId, details: { noteId: input.id } });
    });
    return mustFindNote(ctx, input.id);
  },

  'notes.remove': (ctx, input) => {
    ctx.tx(() => {
      const note = mustFindNote(ctx, input.id);
      shareNoteRemoved(ctx.stores.customers, input.id, ctx.actor.staffId, ctx.now());
      deleteNote(ctx.stores.customers, input.id);
      ctx.audit({ action: 'note.remove', subjectType: 'account', subjectId: note.accountId, details: { noteId: input.id } });
    });
    return null;
  },
} satisfies FeatureHandlers<'notes'>;
