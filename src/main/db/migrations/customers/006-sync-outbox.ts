import type { Migration } from '../../migrate';

export default {
  version: 6,
  name: 'sync outbox for customer-side records (suppression changes)',
  up: `
    -- Customer-side records that must reach the hub. Kept in customers.db so contest data and
    -- customer data never share a file (policy 2d). Same shape as contests.db's sync_outbox: the
    -- payload is stored as the exact string sent, with its SHA-256, and never changes.
    CREATE TABLE sync_outbox (
      id          TEXT PRIMARY KEY,
      kind        TEXT NOT NULL,
      payload     TEXT NOT NULL,
      sha256      TEXT NOT NULL,
      created_at  TEXT NOT NULL,
      attempts    INTEGER NOT NULL DEFAULT 0,
      last_error  TEXT,
      hub_status  TEXT CHECK (hub_status IN ('conflict', 'refused')),
      sent_at     TEXT
    ) STRICT;
    CREATE INDEX sync_outbox_pending ON sync_outbox(created_at) WHERE sent_at IS NULL;
    CREATE TRIGGER sync_outbox_frozen BEFORE UPDATE OF id, kind, payload, sha256 ON sync_outbox
      BEGIN SELECT RAISE(ABORT, 'an outbox row is sent exactly as it was written'); END;
    CREATE TRIGGER sync_outbox_hash_required BEFORE INSERT ON sync_outbox WHEN length(NEW.sha256) <> 64
      BEGIN SELECT RAISE(ABORT, 'an outbox row needs the SHA-256 of its payload'); END;

    -- What this device has applied from the hub's feeds: the cursor of each feed.
    CREATE TABLE sync_cursors (
      feed    TEXT PRIMARY KEY,
      cursor  TEXT NOT NULL,
      at      TEXT NOT NULL
    ) STRICT;
  `,
} satisfies Migration;
