-- Customer-side data: the suppression list as keyed hashes (never an email), reachable only
-- through the ixo_hub_customer role.
CREATE SCHEMA customer;

CREATE SEQUENCE customer.feed_seq;

CREATE TABLE customer.suppression_items (
  id          uuid PRIMARY KEY,
  device_id   uuid NOT NULL,
  sha256      text NOT NULL,
  email_hmac  bytea NOT NULL,
  lists       integer NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- One row per hash with the union of its lists; a change moves the row to the feed's end.
CREATE TABLE customer.suppression (
  email_hmac bytea PRIMARY KEY CHECK (length(email_hmac) = 32),
  lists      integer NOT NULL CHECK (lists BETWEEN 1 AND 7),
  xid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
  seq        bigint NOT NULL DEFAULT nextval('customer.feed_seq')
);
CREATE INDEX suppression_feed ON customer.suppression(xid, seq);

CREATE TABLE customer.conflicts (
  id          uuid NOT NULL,
  sha256      text NOT NULL,
  device_id   uuid NOT NULL,
  payload     text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, sha256)
);
