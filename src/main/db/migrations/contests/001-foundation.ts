import type { Migration } from '../../migrate';

export default {
  version: 1,
  name: 'foundation: sync outbox',
  up: `
    -- Records that must leave this machine. Written in the same transaction as the record itself;
    -- id is the record's permanent UUID, which the receiver uses to drop duplicates.
    CREATE TABLE sync_outbox (
      id          TEXT PRIMARY KEY,
      kind        TEXT NOT NULL,
      payload     TEXT NOT NULL,
      created_at  TEXT NOT NULL,
      attempts    INTEGER NOT NULL DEFAULT 0,
      last_error  TEXT,
      sent_at     TEXT
    ) STRICT;
    CREATE INDEX sync_outbox_pending ON sync_outbox(sent_at, created_at);
  `,
} satisfies Migration;
