import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Migration } from '../../migrate';

/**
 * The sync outbox carries the SHA-256 of each row's exact payload bytes, written with the row and
 * never changed: the hub tells a resent row (same id, same hash) from a conflicting one (same id,
 * another hash) by it. Rows written before this version get their hash once, here.
 */
export default {
  version: 3,
  name: 'sync: outbox payload hash and hub answer, feed cursors, event versions, parked feed items',
  up: (db: Database) => {
    db.exec(`
      ALTER TABLE sync_outbox ADD COLUMN sha256 TEXT NOT NULL DEFAULT '';
      -- 'conflict': the hub holds this id with other content (acknowledged, flagged). 'refused': the hub stored nothing for it; the row stays unsent and is shown.
      ALTER TABLE sync_outbox ADD COLUMN hub_status TEXT CHECK (hub_status IN ('conflict', 'refused'));
    `);
    const rows = db.prepare("SELECT id, payload FROM sync_outbox WHERE sha256 = ''").all() as { id: string; payload: string }[];
    const set = db.prepare('UPDATE sync_outbox SET sha256 = ? WHERE id = ?');
    for (const r of rows) set.run(createHash('sha256').update(r.payload, 'utf8').digest('hex'), r.id);
    db.exec(`
      CREATE TRIGGER sync_outbox_frozen BEFORE UPDATE OF id, kind, payload, sha256 ON sync_outbox
        BEGIN SELECT RAISE(ABORT, 'an outbox row is sent exactly as it was written'); END;
      CREATE TRIGGER sync_outbox_hash_required BEFORE INSERT ON sync_outbox WHEN length(NEW.sha256) <> 64
        BEGIN SELECT RAISE(ABORT, 'an outbox row needs the SHA-256 of its payload'); END;
      DROP INDEX sync_outbox_pending;
      CREATE INDEX sync_outbox_pending ON sync_outbox(created_at) WHERE sent_at IS NULL;
      CREATE INDEX sync_outbox_sent ON sync_outbox(sent_at) WHERE sent_at IS NOT NULL;

      -- Where this device is in each of the hub's feeds it applies to contests.db.
      CREATE TABLE sync_cursors (
        feed    TEXT PRIMARY KEY,
        cursor  TEXT NOT NULL,
        at      TEXT NOT NULL
      ) STRICT;

      -- The version of the event's definition last sent (office) or applied (booth). 0: never synced.
      ALTER TABLE events ADD COLUMN sync_version INTEGER NOT NULL DEFAULT 0;

      -- Feed items that cannot be applied yet (an entry whose event or text version has not arrived).
      -- Kept, and tried again after every pull; never dropped.
      CREATE TABLE sync_parked (
        id       TEXT PRIMARY KEY,
        feed     TEXT NOT NULL,
        payload  TEXT NOT NULL,
        reason   TEXT NOT NULL,
        at       TEXT NOT NULL
      ) STRICT;
    `);
  },
} satisfies Migration;
