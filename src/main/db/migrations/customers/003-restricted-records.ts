import type { Migration } from '../../migrate';

export default {
  version: 3,
  name: 'restricted records: telemarketing leads, service notes, billing',
  up: `
    -- Policy 2b: a prospect is stored only with express permission. The permission block lives in
    -- the lead's own row and every part of it is NOT NULL with a CHECK, so no code path (not even
    -- one that skips the zod schema) can store a lead without it.
    CREATE TABLE leads (
      id                        INTEGER PRIMARY KEY,
      name                      TEXT NOT NULL CHECK (length(trim(name)) > 0),
      phone                     TEXT NOT NULL CHECK (length(trim(phone)) > 0),
      phone_digits              TEXT NOT NULL,
      email                     TEXT,
      email_norm                TEXT,
      company                   TEXT,
      notes                     TEXT,
      status                    TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'converted')),
      converted_account_id      INTEGER REFERENCES accounts(id),
      converted_at              TEXT,
      created_at                TEXT NOT NULL,
      created_by                INTEGER NOT NULL REFERENCES staff(id),
      updated_at                TEXT NOT NULL,
      perm_obtained_by_staff_id INTEGER REFERENCES staff(id),
      perm_obtained_by_name     TEXT NOT NULL CHECK (length(trim(perm_obtained_by_name)) > 0),
      perm_obtained_at          TEXT NOT NULL CHECK (perm_obtained_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*'),
      perm_method               TEXT NOT NULL CHECK (perm_method IN ('call', 'callback_request', 'web_form', 'email_reply', 'in_person')),
      perm_script_version       TEXT NOT NULL CHECK (length(trim(perm_script_version)) > 0),
      perm_script_sha256        TEXT NOT NULL CHECK (length(perm_script_sha256) = 64),
      perm_confirmation         TEXT NOT NULL CHECK (length(trim(perm_confirmation)) > 0),
      perm_recorded_at          TEXT NOT NULL,
      perm_recorded_by          INTEGER NOT NULL REFERENCES staff(id),
      CHECK ((status = 'converted') = (converted_account_id IS NOT NULL))
    ) STRICT;
    CREATE INDEX leads_status ON leads(status, id);
    CREATE INDEX leads_email ON leads(email_norm) WHERE email_norm IS NOT NULL;
    CREATE INDEX leads_phone ON leads(phone_digits);

    -- Policy 2c: what customer service learns is not appended to the account. Notes live in their
    -- own table, are read only through the notes channels, and are never joined into account views,
    -- account queries or exports.
    CREATE TABLE service_notes (
      id          INTEGER PRIMARY KEY,
      account_id  INTEGER NOT NULL REFERENCES accounts(id),
      body        TEXT NOT NULL CHECK (length(trim(body)) > 0),
      created_at  TEXT NOT NULL,
      created_by  INTEGER NOT NULL REFERENCES staff(id),
      updated_at  TEXT NOT NULL,
      updated_by  INTEGER NOT NULL REFERENCES staff(id)
    ) STRICT;
    CREATE INDEX service_notes_account ON service_notes(account_id, id);

    -- Policy 4: billing clerks only. A card is kept as brand and last four digits, never more
    -- (the dispatcher refuses anything that looks like a full card number before it gets here).
    CREATE TABLE billing_profiles (
      account_id     INTEGER PRIMARY KEY REFERENCES accounts(id),
      billing_name   TEXT NOT NULL CHECK (length(trim(billing_name)) > 0),
      address_line1  TEXT NOT NULL CHECK (length(trim(address_line1)) > 0),
      address_line2  TEXT,
      postal_code    TEXT NOT NULL CHECK (length(trim(postal_code)) > 0),
      city           TEXT NOT NULL CHECK (length(trim(city)) > 0),
      country        TEXT NOT NULL CHECK (length(trim(country)) > 0),
      card_brand     TEXT CHECK (card_brand IN ('visa', 'mastercard', 'amex', 'diners', 'discover', 'jcb', 'unionpay', 'other')),
      card_last4     TEXT CHECK (card_last4 GLOB '[0-9][0-9][0-9][0-9]'),
      updated_at     TEXT NOT NULL,
      updated_by     INTEGER NOT NULL REFERENCES staff(id),
      CHECK ((card_brand IS NULL) = (card_last4 IS NULL))
    ) STRICT;
  `,
} satisfies Migration;
