import type { Migration } from '../../migrate';

export default {
  version: 7,
  name: 'search indexes for accounts and leads; staff and customer language',
  up: `
    -- The staff member's chosen language; NULL until chosen (the OS locale is used then).
    ALTER TABLE staff ADD COLUMN language TEXT CHECK (language IN ('fi', 'en'));
    -- The customer's language, recorded at registration: the registration email is sent in it.
    ALTER TABLE accounts ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('fi', 'en'));

    -- Search as staff type: substrings of three or more characters, case and diacritics folded
    -- (Mäkinen = makinen = MÄKINEN). External-content indexes over the tables' own columns, kept
    -- in step by triggers in the writing transaction. secure-delete removes a deleted or changed
    -- row's tokens from the index at once, so an erased person leaves nothing in the index pages.
    CREATE VIRTUAL TABLE accounts_fts USING fts5(name, email_norm, content='accounts', content_rowid='id', tokenize='trigram remove_diacritics 1');
    INSERT INTO accounts_fts(accounts_fts, rank) VALUES ('secure-delete', 1);
    INSERT INTO accounts_fts(accounts_fts) VALUES ('rebuild');
    CREATE TRIGGER accounts_fts_insert AFTER INSERT ON accounts BEGIN
      INSERT INTO accounts_fts(rowid, name, email_norm) VALUES (new.id, new.name, new.email_norm);
    END;
    CREATE TRIGGER accounts_fts_delete AFTER DELETE ON accounts BEGIN
      INSERT INTO accounts_fts(accounts_fts, rowid, name, email_norm) VALUES ('delete', old.id, old.name, old.email_norm);
    END;
    CREATE TRIGGER accounts_fts_update AFTER UPDATE OF name, email_norm ON accounts BEGIN
      INSERT INTO accounts_fts(accounts_fts, rowid, name, email_norm) VALUES ('delete', old.id, old.name, old.email_norm);
      INSERT INTO accounts_fts(rowid, name, email_norm) VALUES (new.id, new.name, new.email_norm);
    END;

    CREATE VIRTUAL TABLE leads_fts USING fts5(name, company, email_norm, phone_digits, content='leads', content_rowid='id', tokenize='trigram remove_diacritics 1');
    INSERT INTO leads_fts(leads_fts, rank) VALUES ('secure-delete', 1);
    INSERT INTO leads_fts(leads_fts) VALUES ('rebuild');
    CREATE TRIGGER leads_fts_insert AFTER INSERT ON leads BEGIN
      INSERT INTO leads_fts(rowid, name, company, email_norm, phone_digits) VALUES (new.id, new.name, new.company, new.email_norm, new.phone_digits);
    END;
    CREATE TRIGGER leads_fts_delete AFTER DELETE ON leads BEGIN
      INSERT INTO leads_fts(leads_fts, rowid, name, company, email_norm, phone_digits) VALUES ('delete', old.id, old.name, old.company, old.email_norm, old.phone_digits);
    END;
    CREATE TRIGGER leads_fts_update AFTER UPDATE OF name, company, email_norm, phone_digits ON leads BEGIN
      INSERT INTO leads_fts(leads_fts, rowid, name, company, email_norm, phone_digits) VALUES ('delete', old.id, old.name, old.company, old.email_norm, old.phone_digits);
      INSERT INTO leads_fts(rowid, name, company, email_norm, phone_digits) VALUES (new.id, new.name, new.company, new.email_norm, new.phone_digits);
    END;
  `,
} satisfies Migration;
