import type { Migration } from '../../migrate';

export default {
  version: 8,
  name: "sync: the outbox's counts, flagged rows and push order read from indexes",
  up: `
    -- The same columns and indexes as customers.db's migration 017, for the queries both stores
    -- share (sync/outbox.ts). No row here carries more than one change.
    ALTER TABLE sync_outbox ADD COLUMN changes INTEGER GENERATED ALWAYS AS (CASE WHEN kind = 'suppression' THEN coalesce(json_array_length(payload, '$.changes'), 1) ELSE 1 END) VIRTUAL;
    CREATE INDEX sync_outbox_unsent ON sync_outbox(kind, hub_status, created_at, changes) WHERE sent_at IS NULL;
    DROP INDEX sync_outbox_pending;
    CREATE INDEX sync_outbox_push ON sync_outbox(created_at, id, kind) WHERE sent_at IS NULL AND hub_status IS NULL AND kind <> 'record';
    CREATE INDEX sync_outbox_flagged ON sync_outbox(created_at, hub_status) WHERE hub_status IS NOT NULL;
  `,
} satisfies Migration;
