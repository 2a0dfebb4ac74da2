import type { Migration } from '../../migrate';

export default {
  version: 14,
  name: 'a registration mail withdrawn because its account joined one registered earlier on another device',
  up: `
    -- A CHECK cannot be altered in SQLite: the table is rebuilt with the new withdrawal reason.
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
      withdrawn_reason TEXT CHECK (withdrawn_reason IS NULL OR withdrawn_reason = 'account_cancelled' OR withdrawn_reason = 'account_merged'),
      CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL AND withdrawn_reason IS NOT NULL))
    ) STRICT;
    INSERT INTO mail_outbox_new SELECT id, kind, account_id, to_address, subject, body, status, attempts, created_at, next_attempt_at, last_attempt_at, last_error, sent_at, withdrawn_at, withdrawn_reason FROM mail_outbox;
    DROP TABLE mail_outbox;
    ALTER TABLE mail_outbox_new RENAME TO mail_outbox;
    CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at);
    CREATE INDEX mail_outbox_created ON mail_outbox(created_at);
    CREATE INDEX mail_outbox_account ON mail_outbox(account_id);
  `,
} satisfies Migration;
