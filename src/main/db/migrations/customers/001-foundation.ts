import type { Migration } from '../../migrate';

export default {
  version: 1,
  name: 'foundation: staff, settings, audit log',
  up: `
    CREATE TABLE staff (
      id            INTEGER PRIMARY KEY,
      username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
      display_name  TEXT NOT NULL,
      role          TEXT NOT NULL CHECK (role IN ('booth_staff','office_staff','customer_service','billing_clerk','manager','admin')),
      password_hash TEXT NOT NULL,
      disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
      created_at    TEXT NOT NULL,
      updated_at    TEXT NOT NULL
    ) STRICT;

    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    -- Append-only, hash-chained. Rows name people by id only, never by personal data, so the log
    -- can be shown to admins and survives erasure of a person's data.
    CREATE TABLE audit_log (
      seq          INTEGER PRIMARY KEY,
      at           TEXT NOT NULL,
      actor_id     INTEGER,
      actor_name   TEXT NOT NULL,
      action       TEXT NOT NULL,
      subject_type TEXT,
      subject_id   TEXT,
      details      TEXT NOT NULL,
      prev_hash    TEXT NOT NULL,
      hash         TEXT NOT NULL
    ) STRICT;
    CREATE INDEX audit_log_action ON audit_log(action, seq);
    CREATE INDEX audit_log_subject ON audit_log(subject_type, subject_id, seq);

    -- The newest row's seq and hash: lets the verifier notice rows cut from the end.
    CREATE TABLE audit_head (
      id   INTEGER PRIMARY KEY CHECK (id = 1),
      seq  INTEGER NOT NULL,
      hash TEXT NOT NULL
    ) STRICT;

    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `,
} satisfies Migration;
