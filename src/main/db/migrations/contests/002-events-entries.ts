import type { Migration } from '../../migrate';

export default {
  version: 2,
  name: 'events, text versions, survey questions, entries, consent events, age-screen counts',
  up: `
    CREATE TABLE events (
      id                INTEGER PRIMARY KEY,
      uuid              TEXT NOT NULL UNIQUE,
      name              TEXT NOT NULL,
      starts_on         TEXT NOT NULL,
      ends_on           TEXT NOT NULL,
      location          TEXT NOT NULL,
      accept_duplicates INTEGER NOT NULL DEFAULT 0 CHECK (accept_duplicates IN (0, 1)),
      created_at        TEXT NOT NULL,
      updated_at        TEXT NOT NULL,
      CHECK (ends_on >= starts_on)
    ) STRICT;
    CREATE INDEX events_dates ON events(starts_on, ends_on);

    -- Contest rules and marketing consent notices, versioned per event. The current version of a
    -- kind is the highest one. A version an entry has used (used = 1) is the record of what the
    -- entrant agreed to: the triggers below refuse to change or delete it.
    CREATE TABLE event_texts (
      id         INTEGER PRIMARY KEY,
      event_id   INTEGER NOT NULL REFERENCES events(id),
      kind       TEXT NOT NULL CHECK (kind IN ('rules', 'notice')),
      version    INTEGER NOT NULL CHECK (version >= 1),
      body       TEXT NOT NULL,
      sha256     TEXT NOT NULL,
      created_at TEXT NOT NULL,
      used       INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1)),
      UNIQUE (event_id, kind, version)
    ) STRICT;
    CREATE TRIGGER event_texts_frozen BEFORE UPDATE OF event_id, kind, version, body, sha256 ON event_texts WHEN OLD.used = 1
      BEGIN SELECT RAISE(ABORT, 'this text version has been used by an entry and cannot change'); END;
    CREATE TRIGGER event_texts_stay_used BEFORE UPDATE OF used ON event_texts WHEN OLD.used = 1 AND NEW.used <> 1
      BEGIN SELECT RAISE(ABORT, 'this text version has been used by an entry and cannot change'); END;
    CREATE TRIGGER event_texts_no_delete BEFORE DELETE ON event_texts WHEN OLD.used = 1
      BEGIN SELECT RAISE(ABORT, 'this text version has been used by an entry and cannot be deleted'); END;

    -- Survey questions. Like the texts, a question an entry has answered keeps its wording, type and
    -- options for good; editing it retires it and adds a new question. Position and "required" may
    -- change: they do not change what an earlier answer means.
    CREATE TABLE survey_questions (
      id         INTEGER PRIMARY KEY,
      event_id   INTEGER NOT NULL REFERENCES events(id),
      position   INTEGER NOT NULL,
      kind       TEXT NOT NULL CHECK (kind IN ('text', 'single', 'multiple', 'rating')),
      prompt     TEXT NOT NULL,
      options    TEXT NOT NULL,
      required   INTEGER NOT NULL CHECK (required IN (0, 1)),
      retired    INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
      used       INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1)),
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX survey_questions_event ON survey_questions(event_id, retired, position);
    CREATE TRIGGER survey_questions_frozen BEFORE UPDATE OF event_id, kind, prompt, options ON survey_questions WHEN OLD.used = 1
      BEGIN SELECT RAISE(ABORT, 'this question has been answered and cannot change'); END;
    CREATE TRIGGER survey_questions_no_delete BEFORE DELETE ON survey_questions WHEN OLD.used = 1
      BEGIN SELECT RAISE(ABORT, 'this question has been answered and cannot be deleted'); END;

    -- Contest and survey entries (policy 2d). Never linked to a customer account. AUTOINCREMENT so
    -- an id is never reused: the capture audit follows entries by id (see booth/capture-audit.ts).
    CREATE TABLE entries (
      id                INTEGER PRIMARY KEY AUTOINCREMENT,
      uuid              TEXT NOT NULL UNIQUE,
      event_id          INTEGER NOT NULL REFERENCES events(id),
      captured_at       TEXT NOT NULL,
      -- 'YYYY-MM-DD HH' in the booth's local time, for counts by day and hour.
      local_hour        TEXT NOT NULL,
      -- customers.db staff.id of the booth staff member signed in at the kiosk (no FK across files).
      staff_id          INTEGER NOT NULL,
      device            TEXT NOT NULL,
      name              TEXT NOT NULL,
      email             TEXT NOT NULL,
      email_norm        TEXT NOT NULL,
      phone             TEXT NOT NULL,
      phone_norm        TEXT NOT NULL,
      address           TEXT NOT NULL,
      title             TEXT NOT NULL,
      company           TEXT NOT NULL,
      -- JSON object {"q<questionId>": answer | null} over the questions the entrant was shown.
      answers           TEXT NOT NULL,
      rules_text_id     INTEGER NOT NULL REFERENCES event_texts(id),
      notice_text_id    INTEGER NOT NULL REFERENCES event_texts(id),
      -- Current state of marketing consent; its history is in entry_consent_events.
      marketing_consent INTEGER NOT NULL CHECK (marketing_consent IN (0, 1)),
      duplicate_of      TEXT
    ) STRICT;
    CREATE INDEX entries_event_email ON entries(event_id, email_norm);
    CREATE INDEX entries_event_phone ON entries(event_id, phone_norm) WHERE phone_norm <> '';
    CREATE INDEX entries_event_hour ON entries(event_id, local_hour);
    -- Holds only flagged repeats, so counting them costs nothing per ordinary entry.
    CREATE INDEX entries_flagged ON entries(event_id) WHERE duplicate_of IS NOT NULL;

    -- Every consent change is an event: who (entry and staff), what, the notice version and its
    -- hash, how, when and on which device.
    CREATE TABLE entry_consent_events (
      id             INTEGER PRIMARY KEY,
      entry_id       INTEGER NOT NULL REFERENCES entries(id),
      purpose        TEXT NOT NULL CHECK (purpose IN ('marketing')),
      granted        INTEGER NOT NULL CHECK (granted IN (0, 1)),
      notice_text_id INTEGER NOT NULL REFERENCES event_texts(id),
      notice_sha256  TEXT NOT NULL,
      method         TEXT NOT NULL CHECK (method IN ('booth', 'email_request', 'phone', 'form')),
      at             TEXT NOT NULL,
      device         TEXT NOT NULL,
      staff_id       INTEGER
    ) STRICT;
    CREATE INDEX entry_consent_events_entry ON entry_consent_events(entry_id, id);

    -- Policy 6: an entrant under 13 leaves nothing behind but this anonymous count.
    CREATE TABLE age_refusals (
      event_id INTEGER PRIMARY KEY REFERENCES events(id),
      count    INTEGER NOT NULL CHECK (count >= 0)
    ) STRICT;
  `,
} satisfies Migration;
