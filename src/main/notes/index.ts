import type { MainFeature } from '../context';
import { notesHandlers } from './handlers';

export const notesMain = { handlers: notesHandlers, jobs: {} } satisfies MainFeature<'notes'>;
