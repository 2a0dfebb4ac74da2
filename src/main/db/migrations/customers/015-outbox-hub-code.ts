import type { Migration } from '../../migrate';

export default {
  version: 15,
  name: "sync: the hub's refusal code of each refused outbox row",
  up: `
    -- One of the protocol's refusal codes (PUSH_REFUSAL_CODES), kept so the device can word the
    -- refusal in the user's language. NULL on rows that were not refused, and on rows refused
    -- before this column existed (their last_error still holds the hub's own message).
    ALTER TABLE sync_outbox ADD COLUMN hub_code TEXT;
  `,
} satisfies Migration;
