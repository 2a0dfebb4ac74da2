-- Contest data (policy 2d): its own schema, reachable only through the ixo_hub_contest role.
-- Feed rows carry the id of the transaction that wrote them (xid); a feed hands out only rows whose
-- transaction is older than every transaction still running, so none can appear behind a cursor.
CREATE SCHEMA contest;

CREATE SEQUENCE contest.feed_seq;

CREATE TABLE contest.entries (
  id          uuid PRIMARY KEY,
  device_id   uuid NOT NULL,
  sha256      text NOT NULL,
  sealed      bytea NOT NULL,
  created_at  timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  conflict    boolean NOT NULL DEFAULT false,
  xid         xid8 NOT NULL DEFAULT pg_current_xact_id(),
  seq         bigint NOT NULL DEFAULT nextval('contest.feed_seq')
);
CREATE INDEX entries_feed ON contest.entries(xid, seq);

-- Every event item as pushed, and the latest version of each event (the feed).
CREATE TABLE contest.event_items (
  id          uuid PRIMARY KEY,
  device_id   uuid NOT NULL,
  sha256      text NOT NULL,
  event_id    uuid NOT NULL,
  version     integer NOT NULL,
  payload     text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE contest.events (
  event_id uuid PRIMARY KEY,
  version  integer NOT NULL,
  sha256   text NOT NULL,
  payload  text NOT NULL,
  xid      xid8 NOT NULL DEFAULT pg_current_xact_id(),
  seq      bigint NOT NULL DEFAULT nextval('contest.feed_seq')
);
CREATE INDEX events_feed ON contest.events(xid, seq);

-- Same id, other content: the second version is kept here and the first row is flagged.
CREATE TABLE contest.conflicts (
  id          uuid NOT NULL,
  kind        text NOT NULL,
  sha256      text NOT NULL,
  device_id   uuid NOT NULL,
  sealed      bytea NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, sha256)
);
