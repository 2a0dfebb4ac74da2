-- Erasure on the hub. An erased account leaves only its tombstone: its id and the time it was
-- erased. Every record it owns (the account itself, its consent events, and any later record that
-- names its account) is kept scrubbed of personal data, whatever the stamps of later changes.
CREATE TABLE replica.erased (
  record_id uuid PRIMARY KEY,
  erased_at text NOT NULL
);

-- Which account a replicated record belongs to, written as its changes arrive, so an erasure finds
-- them without opening every sealed value. Records stored before this table existed are linked
-- the first time an erasure looks (hub/erasure.ts).
CREATE TABLE replica.owners (
  tbl       text NOT NULL,
  record_id uuid NOT NULL,
  account   uuid NOT NULL,
  PRIMARY KEY (tbl, record_id)
);
CREATE INDEX owners_account ON replica.owners(account);
INSERT INTO hub.meta (key, value) VALUES ('owners_linked', 'false') ON CONFLICT (key) DO NOTHING;
