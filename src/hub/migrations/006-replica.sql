-- Replicated records (staff accounts, organisation settings; the tables listed in the protocol's
-- REPLICA_TABLES). Each field keeps the stamp of the change that wrote it and merges by
-- last-writer-wins on (hlc, node). Values are sealed with the hub's data key (aad: table/record/field).
CREATE SCHEMA replica;
REVOKE ALL ON SCHEMA replica FROM PUBLIC;

CREATE SEQUENCE replica.feed_seq;

-- Every change received, by its id, so a change sent again is answered "duplicate" and merged once.
CREATE TABLE replica.changes (
  id          uuid PRIMARY KEY,
  device_id   uuid NOT NULL,
  sha256      text NOT NULL,
  tbl         text NOT NULL,
  record_id   uuid NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE replica.fields (
  tbl       text NOT NULL,
  record_id uuid NOT NULL,
  field     text NOT NULL,
  hlc       text NOT NULL CHECK (hlc ~ '^[0-9a-f]{12}-[0-9a-f]{4}$'),
  node      uuid NOT NULL,
  sealed    bytea NOT NULL,
  PRIMARY KEY (tbl, record_id, field)
);

-- One row per record; a change that wins any field moves the record to the feed's end. `booth`:
-- whether booths receive the whole record (staff who may work on a booth, and settings).
CREATE TABLE replica.records (
  tbl       text NOT NULL,
  record_id uuid NOT NULL,
  booth     boolean NOT NULL DEFAULT false,
  xid       xid8 NOT NULL DEFAULT pg_current_xact_id(),
  seq       bigint NOT NULL DEFAULT nextval('replica.feed_seq'),
  PRIMARY KEY (tbl, record_id)
);
CREATE INDEX records_feed ON replica.records(xid, seq);
