import type { Migration } from '../../migrate';

export default {
  version: 5,
  name: 'mail for a cancelled account is withdrawn, with the reason',
  up: `
    -- A CHECK cannot be altered in SQLite: the table is rebuilt with the new status and columns.
    CREATE TABLE mail_outbox_new (
      id               TEXT PRIMARY KEY,
      kind             TEXT NOT NULL CHECK (kind = 'registration'),
      account_id       INTEGER REFERENCES accounts(id),
      to_address       TEXT NOT NULL,
      subject          TEXT NOT NULL,
      body             TEXT NOT NULL,
      status           TEXT NOT NULL CHECK (status = 'pending' OR status = 'sent' OR status = 'failed' OR status = 'withdrawn'),
      attempts         INTEGER NOT NULL DEFAULT 0,
      created_at       TEXT NOT NULL,
      next_attempt_at  TEXT NOT NULL,
      last_attempt_at  TEXT,
      last_error       TEXT,
      sent_at          TEXT,
      withdrawn_at     TEXT,
      withdrawn_reason TEXT CHECK (withdrawn_reason IS NULL OR withdrawn_reason = 'account_cancelled'),
      CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL AND withdrawn_reason IS NOT NULL))
    ) STRICT;
    INSERT INTO mail_outbox_new (id, kind, account_id, to_address, subject, body, status, attempts, created_at, next_attempt_at, last_attempt_at, last_error, sent_at)
      SELECT id, kind, account_id, to_address, subject, body, status, attempts, created_at, next_attempt_at, last_attempt_at, last_error, sent_at FROM mail_outbox;
    DROP TABLE mail_outbox;
    ALTER TABLE mail_outbox_new RENAME TO mail_outbox;
    CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at);
    CREATE INDEX mail_outbox_created ON mail_outbox(created_at);
    CREATE INDEX mail_outbox_account ON mail_outbox(account_id);
  `,
} satisfies Migration;
