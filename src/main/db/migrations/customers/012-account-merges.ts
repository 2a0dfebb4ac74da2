import type { Migration } from '../../migrate';

export default {
  version: 12,
  name: 'accounts registered with one address on two devices, merged',
  up: `
    -- One row per account that joined another: the same address registered on two devices while
    -- offline. The earlier registration is kept (into_gid); the later one's number still finds it.
    CREATE TABLE account_merges (
      gid       TEXT PRIMARY KEY,
      into_gid  TEXT NOT NULL,
      number    TEXT NOT NULL,
      merged_at TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX account_merges_into ON account_merges(into_gid);
    CREATE INDEX account_merges_number ON account_merges(number);
  `,
} satisfies Migration;
