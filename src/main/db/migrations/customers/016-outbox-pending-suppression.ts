import type { Migration } from '../../migrate';

export default {
  version: 16,
  name: 'sync: an index of the opt-out rows waiting to be sent',
  up: `
    -- Asked for on every slice of a suppression feed page (sync/suppression-pending.ts). Without it
    -- the question walks every unsent row of the outbox, and an import's consent changes leave tens
    -- of thousands of record rows there. A query uses it only if its WHERE repeats these terms.
    CREATE INDEX sync_outbox_suppression_pending ON sync_outbox(id) WHERE kind = 'suppression' AND sent_at IS NULL AND hub_status IS NULL;
  `,
} satisfies Migration;
