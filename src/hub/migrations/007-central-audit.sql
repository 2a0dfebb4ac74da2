-- Every device's hash-chained audit log, as the device pushed it (core only, like the rest of hub).
-- Staff names and details may hold personal data: both are sealed with the data key, bound to the
-- device and row. The chain's hashes and the SHA-256 of the details text stay readable, so the rows
-- keep their links when an erasure later scrubs a row's details (details_sealed set to NULL).
CREATE TABLE hub.device_audit (
  device_id      uuid NOT NULL REFERENCES hub.devices(id),
  seq            bigint NOT NULL CHECK (seq >= 1),
  at             text NOT NULL,
  actor_id       bigint,
  actor_sealed   bytea NOT NULL,
  action         text NOT NULL,
  subject_type   text,
  subject_id     text,
  details_sealed bytea,
  details_sha256 text NOT NULL,
  prev_hash      text NOT NULL,
  hash           text NOT NULL,
  received_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (device_id, seq)
);

-- Per device: what the hub holds and what it has checked. A finding (the first row that was
-- altered, removed or reordered) is written once and never cleared by later rows; checking stops
-- there, storing goes on.
CREATE TABLE hub.audit_chains (
  device_id        uuid PRIMARY KEY REFERENCES hub.devices(id),
  rows_held        bigint NOT NULL DEFAULT 0,
  have_through     bigint NOT NULL DEFAULT 0,
  -- The hash of the row at verified_through (the genesis value before any row).
  head_hash        text NOT NULL DEFAULT repeat('0', 64),
  verified_through bigint NOT NULL DEFAULT 0,
  bad_seq          bigint,
  problem          text CHECK (problem IN ('altered', 'removed', 'reordered')),
  found_at         timestamptz,
  last_received_at timestamptz,
  CHECK ((bad_seq IS NULL) = (problem IS NULL) AND (bad_seq IS NULL) = (found_at IS NULL))
);
