import type { Migration } from '../../migrate';

export default {
  version: 17,
  name: "sync: the outbox's counts, flagged rows and push order read from indexes",
  up: `
    -- How many changes a row carries: a batch of opt-outs as many as it holds, any other row one.
    -- Computed from the payload, which never changes; held only by the index below, which the
    -- waiting counts read instead of parsing every batch's payload.
    ALTER TABLE sync_outbox ADD COLUMN changes INTEGER GENERATED ALWAYS AS (CASE WHEN kind = 'suppression' THEN coalesce(json_array_length(payload, '$.changes'), 1) ELSE 1 END) VIRTUAL;
    -- The rows not acknowledged, by kind: outboxSummary's waiting changes and oldest row, and
    -- unsentRecordCount. Replaces sync_outbox_pending, which made them read every unsent row.
    CREATE INDEX sync_outbox_unsent ON sync_outbox(kind, hub_status, created_at, changes) WHERE sent_at IS NULL;
    DROP INDEX sync_outbox_pending;
    -- The rows pendingBatch sends, in their order. The replica's record changes (sent by
    -- replica/sync.ts) are left out, so the push never steps over an import's consent records.
    CREATE INDEX sync_outbox_push ON sync_outbox(created_at, id, kind) WHERE sent_at IS NULL AND hub_status IS NULL AND kind <> 'record';
    -- The rows the hub refused or holds with other content, oldest first (flaggedRows, and their counts).
    CREATE INDEX sync_outbox_flagged ON sync_outbox(created_at, hub_status) WHERE hub_status IS NOT NULL;
    -- The last acknowledgement, as in contests.db.
    CREATE INDEX sync_outbox_sent ON sync_outbox(sent_at) WHERE sent_at IS NOT NULL;
  `,
} satisfies Migration;
