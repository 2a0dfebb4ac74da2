import type { Migration } from '../../migrate';
import m001 from './001-foundation';
import m002 from './002-customers';

/** customers.db schema history. Append only: never edit a migration that has shipped. */
export const customersMigrations: readonly Migration[] = [m001, m002];
