-- Erasure by address. An account's tombstone keeps the suppression HMAC of the erased address (never
-- the address), and every account and lead keeps the HMAC of its current address, so an erasure finds
-- the person's other registrations and leads, made on devices that never saw the erased account,
-- whichever arrives first (hub/erasure.ts). `created_at`: the record's own creation time; only
-- records made before the erasure are the person's old data (a later one is a new registration).
ALTER TABLE replica.erased ADD COLUMN email_hmac bytea;
CREATE INDEX erased_email ON replica.erased(email_hmac) WHERE email_hmac IS NOT NULL;

CREATE TABLE replica.email_hashes (
  tbl        text NOT NULL CHECK (tbl IN ('accounts', 'leads')),
  record_id  uuid NOT NULL,
  email_hmac bytea NOT NULL,
  created_at text,
  PRIMARY KEY (tbl, record_id)
);
CREATE INDEX email_hashes_hmac ON replica.email_hashes(email_hmac);
-- Records stored before this table existed are hashed the first time an erasure looks.
INSERT INTO hub.meta (key, value) VALUES ('email_hashes_linked', 'false') ON CONFLICT (key) DO NOTHING;

-- What an erasure leaves of a change it scrubbed: its id, so a change sent again is still answered
-- "duplicate", but not the SHA-256 of its payload (a hash of a short payload identifies the person).
ALTER TABLE replica.changes ALTER COLUMN sha256 DROP NOT NULL;

-- An erasure blanks the details of the device's audit rows about the erased account, and the
-- SHA-256 of those details. Each row was checked on arrival, before (hub/audit-chain.ts).
ALTER TABLE hub.device_audit ALTER COLUMN details_sha256 DROP NOT NULL;
