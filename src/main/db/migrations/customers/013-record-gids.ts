import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Migration } from '../../migrate';
import { uuidV7 } from '../../../../shared/uuid7';

export default {
  version: 13,
  name: 'replicated service notes, billing profiles and leads: a global id per row',
  up: (db: Database) => {
    db.exec(`
      -- gid names the same row on every office device (replica/notes.ts, billing.ts, leads.ts).
      ALTER TABLE service_notes ADD COLUMN gid TEXT;
      ALTER TABLE billing_profiles ADD COLUMN gid TEXT;
      ALTER TABLE leads ADD COLUMN gid TEXT;
      CREATE UNIQUE INDEX service_notes_gid ON service_notes(gid);
      CREATE UNIQUE INDEX billing_profiles_gid ON billing_profiles(gid);
      CREATE UNIQUE INDEX leads_gid ON leads(gid);

      -- Received records that could not be written yet: the account or a staff member they name
      -- has not arrived. Tried again after every feed page.
      CREATE TABLE replica_pending (
        tbl       TEXT NOT NULL,
        record_id TEXT NOT NULL,
        PRIMARY KEY (tbl, record_id)
      ) STRICT, WITHOUT ROWID;
    `);
    for (const t of ['service_notes', 'leads']) {
      const set = db.prepare(`UPDATE ${t} SET gid = ? WHERE id = ?`);
      for (const r of db.prepare(`SELECT id, created_at FROM ${t} ORDER BY id`).all() as { id: number; created_at: string }[]) set.run(uuidV7(Date.parse(r.created_at) || 0), r.id);
    }
  },
} satisfies Migration;
