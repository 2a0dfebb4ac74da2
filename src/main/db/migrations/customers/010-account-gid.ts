import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Migration } from '../../migrate';
import { uuidV7 } from '../../../../shared/uuid7';

export default {
  version: 10,
  name: 'replicated accounts: a global id and an account number per account',
  up: (db: Database) => {
    db.exec(`
      -- Accounts keep their local integer id (consent events, notes, billing and mail refer to it);
      -- gid names the same account on every device. number is the account number people read out,
      -- the same on every device (replica/accounts.ts says how it is given); rows made before keep
      -- their id as their number.
      ALTER TABLE accounts ADD COLUMN gid TEXT;
      ALTER TABLE accounts ADD COLUMN number TEXT;
      CREATE UNIQUE INDEX accounts_gid ON accounts(gid);
      CREATE UNIQUE INDEX accounts_number ON accounts(number);
      UPDATE accounts SET number = CAST(id AS TEXT);
    `);
    const rows = db.prepare('SELECT id, created_at FROM accounts ORDER BY id').all() as { id: number; created_at: string }[];
    const set = db.prepare('UPDATE accounts SET gid = ? WHERE id = ?');
    for (const r of rows) set.run(uuidV7(Date.parse(r.created_at) || 0), r.id);
  },
} satisfies Migration;
