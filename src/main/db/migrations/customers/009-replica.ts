import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Migration } from '../../migrate';
import { uuidV7 } from '../../../../shared/uuid7';

export default {
  version: 9,
  name: 'replicated records: a global id per staff member and the merged field stamps',
  up: (db: Database) => {
    db.exec(`
      -- Staff keep their local integer id (every other table refers to it); gid names the same person
      -- on every device. Set for every row from here on (staff/repo.ts insertStaff).
      ALTER TABLE staff ADD COLUMN gid TEXT;
      CREATE UNIQUE INDEX staff_gid ON staff(gid);

      -- This device's merged copy of every replicated record, field by field: the value (JSON) and the
      -- stamp of the change that wrote it. The staff table (and the settings rows) are projections of it.
      CREATE TABLE replica_fields (
        tbl       TEXT NOT NULL,
        record_id TEXT NOT NULL,
        field     TEXT NOT NULL,
        value     TEXT NOT NULL,
        hlc       TEXT NOT NULL,
        node      TEXT NOT NULL,
        PRIMARY KEY (tbl, record_id, field)
      ) STRICT, WITHOUT ROWID;
    `);
    const rows = db.prepare('SELECT id, created_at FROM staff ORDER BY id').all() as { id: number; created_at: string }[];
    const set = db.prepare('UPDATE staff SET gid = ? WHERE id = ?');
    for (const r of rows) set.run(uuidV7(Date.parse(r.created_at) || 0), r.id);
  },
} satisfies Migration;
