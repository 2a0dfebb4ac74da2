import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Migration } from '../../migrate';

/**
 * Rules and notices are kept per language, each language versioned on its own; events gain a prize
 * text per language; an entry records the language its entrant used, and neither that nor the text
 * versions it accepted can change.
 *
 * Texts written before this version had one text field and are labelled English.
 */
export default {
  version: 5,
  name: 'event texts per language, prize texts, the language of each entry',
  up: (db: Database) => {
    // A UNIQUE constraint cannot be altered in SQLite, so event_texts is rebuilt under its own name.
    // Entries reference it: the implicit delete of DROP TABLE counts their references as deferred
    // violations, and inserting the same ids into the new table settles them before the commit.
    db.pragma('defer_foreign_keys = ON');
    db.exec(`
      CREATE TEMP TABLE event_texts_copy AS SELECT * FROM main.event_texts;
      DROP TABLE main.event_texts;
      CREATE TABLE event_texts (
        id         INTEGER PRIMARY KEY,
        event_id   INTEGER NOT NULL REFERENCES events(id),
        kind       TEXT NOT NULL CHECK (kind IN ('rules', 'notice')),
        lang       TEXT NOT NULL CHECK (lang IN ('fi', 'en')),
        version    INTEGER NOT NULL CHECK (version >= 1),
        body       TEXT NOT NULL,
        sha256     TEXT NOT NULL,
        created_at TEXT NOT NULL,
        used       INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1)),
        UNIQUE (event_id, kind, lang, version)
      ) STRICT;
      INSERT INTO event_texts (id, event_id, kind, lang, version, body, sha256, created_at, used)
        SELECT id, event_id, kind, 'en', version, body, sha256, created_at, used FROM temp.event_texts_copy;
      DROP TABLE temp.event_texts_copy;

      -- A version an entry has used is the record of what the entrant agreed to.
      CREATE TRIGGER event_texts_frozen BEFORE UPDATE OF event_id, kind, lang, version, body, sha256 ON event_texts WHEN OLD.used = 1
        BEGIN SELECT RAISE(ABORT, 'this text version has been used by an entry and cannot change'); END;
      CREATE TRIGGER event_texts_stay_used BEFORE UPDATE OF used ON event_texts WHEN OLD.used = 1 AND NEW.used <> 1
        BEGIN SELECT RAISE(ABORT, 'this text version has been used by an entry and cannot change'); END;
      CREATE TRIGGER event_texts_no_delete BEFORE DELETE ON event_texts WHEN OLD.used = 1
        BEGIN SELECT RAISE(ABORT, 'this text version has been used by an entry and cannot be deleted'); END;

      -- Shown with the event's name in the kiosk. Not a legal text: no versions.
      ALTER TABLE events ADD COLUMN prize_fi TEXT NOT NULL DEFAULT '';
      ALTER TABLE events ADD COLUMN prize_en TEXT NOT NULL DEFAULT '';

      -- The language the entrant chose in the kiosk. The language of the rules and notice they
      -- accepted is that of the text versions rules_text_id and notice_text_id name.
      ALTER TABLE entries ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('fi', 'en'));
      CREATE TRIGGER entries_acceptance_frozen BEFORE UPDATE OF rules_text_id, notice_text_id, language ON entries
        BEGIN SELECT RAISE(ABORT, 'the texts an entrant accepted cannot change'); END;
    `);
  },
} satisfies Migration;
