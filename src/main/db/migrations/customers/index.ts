import type { Migration } from '../../migrate';
import m001 from './001-foundation';
import m002 from './002-customers';
import m003 from './003-restricted-records';
import m004 from './004-import-jobs';
import m005 from './005-outbox-withdrawn';
import m006 from './006-sync-outbox';
import m007 from './007-search-and-language';
import m008 from './008-lead-script-language';
import m009 from './009-replica';
import m010 from './010-account-gid';
import m011 from './011-consent-ledger';
import m012 from './012-account-merges';
import m013 from './013-record-gids';
import m014 from './014-mail-merged';
import m015 from './015-outbox-hub-code';
import m016 from './016-outbox-pending-suppression';
import m017 from './017-outbox-counts-from-indexes';

/** customers.db schema history. Append only: never edit a migration that has shipped. */
export const customersMigrations: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012, m013, m014, m015, m016, m017];
