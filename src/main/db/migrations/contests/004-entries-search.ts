import type { Migration } from '../../migrate';

export default {
  version: 4,
  name: 'search index for entries',
  up: `
    -- The entries list's search: substrings of three or more characters, case and diacritics
    -- folded, kept in step by triggers; secure-delete so an erased entrant leaves no tokens behind.
    CREATE VIRTUAL TABLE entries_fts USING fts5(name, email_norm, phone_norm, company, content='entries', content_rowid='id', tokenize='trigram remove_diacritics 1');
    INSERT INTO entries_fts(entries_fts, rank) VALUES ('secure-delete', 1);
    INSERT INTO entries_fts(entries_fts) VALUES ('rebuild');
    CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
      INSERT INTO entries_fts(rowid, name, email_norm, phone_norm, company) VALUES (new.id, new.name, new.email_norm, new.phone_norm, new.company);
    END;
    CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
      INSERT INTO entries_fts(entries_fts, rowid, name, email_norm, phone_norm, company) VALUES ('delete', old.id, old.name, old.email_norm, old.phone_norm, old.company);
    END;
    CREATE TRIGGER entries_fts_update AFTER UPDATE OF name, email_norm, phone_norm, company ON entries BEGIN
      INSERT INTO entries_fts(entries_fts, rowid, name, email_norm, phone_norm, company) VALUES ('delete', old.id, old.name, old.email_norm, old.phone_norm, old.company);
      INSERT INTO entries_fts(rowid, name, email_norm, phone_norm, company) VALUES (new.id, new.name, new.email_norm, new.phone_norm, new.company);
    END;
  `,
} satisfies Migration;
