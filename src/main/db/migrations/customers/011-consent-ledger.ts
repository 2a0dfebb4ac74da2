import type { Migration } from '../../migrate';

export default {
  version: 11,
  name: 'replicated consent ledger: a global id and the recording stamp per event',
  up: `
    -- gid names the event on every device; (hlc, node) is the stamp it was recorded with, the order
    -- of the merged ledger: (hlc, node, gid). Set when the event is shared (replica/consent.ts);
    -- events of a device that never shared keep them NULL and are ordered by id.
    ALTER TABLE consent_events ADD COLUMN gid TEXT;
    ALTER TABLE consent_events ADD COLUMN hlc TEXT;
    ALTER TABLE consent_events ADD COLUMN node TEXT;

    -- An account's openings: 1 at registration, +1 at each reopen. Each event records the opening it
    -- was recorded in; list state counts only the current opening's events, so a consent given on
    -- another device while the account was being cancelled there does not outlive the cancellation.
    -- NULL on events written before: they count.
    ALTER TABLE account_state ADD COLUMN opened INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE consent_events ADD COLUMN opened INTEGER;
    CREATE UNIQUE INDEX consent_events_gid ON consent_events(gid);

    -- Events received before their account could be written here (it had not arrived, or waits for
    -- a merge): written when the account is.
    CREATE TABLE consent_pending (
      event_gid   TEXT PRIMARY KEY,
      account_gid TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX consent_pending_account ON consent_pending(account_gid);
  `,
} satisfies Migration;
