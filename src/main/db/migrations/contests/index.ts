import type { Migration } from '../../migrate';
import m001 from './001-foundation';
import m002 from './002-events-entries';
import m003 from './003-outbox-hash';
import m004 from './004-entries-search';
import m005 from './005-texts-per-language';
import m006 from './006-entries-list-order';
import m007 from './007-outbox-hub-code';
import m008 from './008-outbox-counts-from-indexes';

/** contests.db schema history (policy 2d: a separate database with its own key). Append only. */
export const contestsMigrations: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008];
