-- A bulk import's opt-outs travel in batches: one suppression item holds up to
-- LIMITS.suppressionBatchChanges of them (src/shared/sync/protocol.ts). Each batch is kept by its
-- item id, as single changes are in suppression_items, so a batch sent again is answered "duplicate"
-- and applied once, and the same id with other content is a conflict (kept in customer.conflicts).
-- Its changes go to customer.suppression when it is stored; `changes` is how many it held.
CREATE TABLE customer.suppression_batches (
  id          uuid PRIMARY KEY,
  device_id   uuid NOT NULL,
  sha256      text NOT NULL,
  changes     integer NOT NULL CHECK (changes > 0),
  received_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT, UPDATE ON customer.suppression_batches TO ixo_hub_customer;
