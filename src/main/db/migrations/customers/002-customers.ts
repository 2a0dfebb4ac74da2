import type { Migration } from '../../migrate';

/**
 * `col = 'a' OR col = 'b' …` rather than `col IN ('a', 'b', …)`: SQLite builds an ephemeral table
 * for an IN list of three or more values on every row it checks, which made a consent event insert
 * cost several times a plain one (measured: about 1 µs per IN check). Same meaning, NULL included.
 */
const oneOf = (col: string, values: readonly string[]) => `(${values.map((v) => `${col} = '${v}'`).join(' OR ')})`;
const LISTS = ['technical_advisories', 'call_detail_reports', 'email_marketing'];
const METHODS = ['registration_form', 'booth', 'phone', 'email_request', 'web_form', 'bounce', 'telemarketing', 'other'];
const REASONS = ['email', 'phone', 'web_form', 'bounce', 'other'];

export default {
  version: 2,
  name: 'customers: products, accounts, account state, consent events, suppression, mail outbox',
  up: `
    -- Products customers register for; admins maintain the list. Never deleted, only retired,
    -- because accounts point at them.
    CREATE TABLE products (
      id         INTEGER PRIMARY KEY,
      name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
      active     INTEGER NOT NULL DEFAULT 1 CHECK (active = 0 OR active = 1),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    -- One row per customer (policy 2a: name and email identify the account). email_norm is the
    -- matching form (src/shared/email.ts); UNIQUE makes a second account for one address impossible
    -- even if two registrations race. An erased account (data subject request) keeps its row as a
    -- tombstone with no personal data, so anonymised consent proof still points somewhere.
    -- What changes during the account's life (status, lists, cancellation) is in account_state.
    CREATE TABLE accounts (
      id            INTEGER PRIMARY KEY,
      name          TEXT,
      email         TEXT,
      email_norm    TEXT UNIQUE,
      product_id    INTEGER NOT NULL REFERENCES products(id),
      created_at    TEXT NOT NULL,
      created_by    INTEGER REFERENCES staff(id),
      erased_at     TEXT,
      CHECK (erased_at IS NOT NULL OR (name IS NOT NULL AND email IS NOT NULL AND email_norm IS NOT NULL))
    ) STRICT;

    -- One small row per account, apart from the wide accounts row: a bulk opt-out over a million
    -- accounts then rewrites a few thousand pages instead of most of the accounts table (a
    -- cancellation that grew an accounts row split its page and its neighbours). lists has one bit
    -- per list (LIST_BIT in src/shared/customers-lists.ts): a cache of the newest consent event of
    -- each list, written in the same transaction as the event.
    CREATE TABLE account_state (
      account_id    INTEGER PRIMARY KEY REFERENCES accounts(id),
      status        TEXT NOT NULL CHECK ${oneOf('status', ['active', 'cancelled', 'erased'])},
      lists         INTEGER NOT NULL DEFAULT 0 CHECK (lists BETWEEN 0 AND 7),
      cancelled_at  TEXT,
      cancel_reason TEXT CHECK ${oneOf('cancel_reason', REASONS)},
      cancel_note   TEXT,
      CHECK (status <> 'cancelled' OR (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL))
    ) STRICT;

    -- Where each consent was given or withdrawn. The source of truth for list membership:
    -- account_state.lists caches the newest event per (account, list), written in the same
    -- transaction. The account is checked through its small state row (one per account, and just
    -- written by the same opt-out) rather than the wide accounts table. A subscription always cites the notice text the person saw (id, version, hash).
    CREATE TABLE consent_events (
      id             INTEGER PRIMARY KEY,
      account_id     INTEGER NOT NULL REFERENCES account_state(account_id),
      list           TEXT NOT NULL CHECK ${oneOf('list', LISTS)},
      action         TEXT NOT NULL CHECK ${oneOf('action', ['subscribe', 'unsubscribe'])},
      method         TEXT NOT NULL CHECK ${oneOf('method', METHODS)},
      reason         TEXT CHECK ${oneOf('reason', REASONS)},
      cause          TEXT NOT NULL DEFAULT 'direct' CHECK ${oneOf('cause', ['direct', 'account_cancelled', 'account_reopened'])},
      note           TEXT,
      notice_id      TEXT,
      notice_version TEXT,
      notice_hash    TEXT,
      requested_on   TEXT NOT NULL,
      recorded_at    TEXT NOT NULL,
      staff_id       INTEGER REFERENCES staff(id),
      device         TEXT NOT NULL,
      import_id      INTEGER REFERENCES optout_imports(id),
      CHECK (action = 'unsubscribe' OR (notice_id IS NOT NULL AND notice_version IS NOT NULL AND length(notice_hash) = 64)),
      CHECK (action = 'subscribe' OR reason IS NOT NULL)
    ) STRICT;
    -- By account only: the list is left out of the key so the index stays small (bulk imports
    -- insert into it at random places); an account has few events to scan for one list.
    CREATE INDEX consent_events_account ON consent_events(account_id);

    -- Opt-outs kept as HMAC-SHA256 of the normalised email (key in the keychain), so they survive
    -- erasure and cover people with no account. Never holds an address in clear. One row per
    -- address, lists one bit per list as in account_state; reason, dates and provenance are those
    -- of the first opt-out (consent events and the audit log keep every later one).
    -- staff_id and import_id are provenance only (staff and imports are never deleted); they carry
    -- no foreign key so a bulk import does not pay two parent lookups per row.
    CREATE TABLE suppression (
      email_hmac   BLOB PRIMARY KEY CHECK (length(email_hmac) = 32),
      lists        INTEGER NOT NULL CHECK (lists BETWEEN 1 AND 7),
      reason       TEXT NOT NULL CHECK ${oneOf('reason', REASONS)},
      requested_on TEXT NOT NULL,
      created_at   TEXT NOT NULL,
      staff_id     INTEGER,
      import_id    INTEGER
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE optout_imports (
      id          INTEGER PRIMARY KEY,
      file_name   TEXT NOT NULL,
      file_sha256 TEXT NOT NULL,
      started_at  TEXT NOT NULL,
      finished_at TEXT,
      staff_id    INTEGER NOT NULL REFERENCES staff(id),
      rows_total  INTEGER NOT NULL,
      report      TEXT
    ) STRICT;

    -- Mail that must leave the machine, written in the same transaction as the record it is about.
    -- id is the permanent UUID, sent as the Message-ID so a relay or mailbox can drop duplicates.
    -- Never deleted: after repeated failure the row is 'failed' (needs attention) and still retried.
    CREATE TABLE mail_outbox (
      id              TEXT PRIMARY KEY,
      kind            TEXT NOT NULL CHECK (kind = 'registration'),
      account_id      INTEGER REFERENCES accounts(id),
      to_address      TEXT NOT NULL,
      subject         TEXT NOT NULL,
      body            TEXT NOT NULL,
      status          TEXT NOT NULL CHECK ${oneOf('status', ['pending', 'sent', 'failed'])},
      attempts        INTEGER NOT NULL DEFAULT 0,
      created_at      TEXT NOT NULL,
      next_attempt_at TEXT NOT NULL,
      last_attempt_at TEXT,
      last_error      TEXT,
      sent_at         TEXT
    ) STRICT;
    CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at);
    CREATE INDEX mail_outbox_created ON mail_outbox(created_at);
    CREATE INDEX mail_outbox_account ON mail_outbox(account_id);

    -- Counters that hold nothing about a person (policy 6: under-13 refusals).
    CREATE TABLE anonymous_counts (
      name  TEXT PRIMARY KEY,
      count INTEGER NOT NULL
    ) STRICT;
  `,
} satisfies Migration;
