-- Devices, credentials, enrollment codes, rate limits and the audit. Only the hub core reads these.
CREATE SCHEMA hub;

CREATE TABLE hub.meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);
-- Cursors carry the epoch: a cursor from another database gets a "resync" answer.
INSERT INTO hub.meta (key, value) VALUES ('feed_epoch', replace(gen_random_uuid()::text, '-', ''));

-- The organisation's suppression HMAC key, sealed with the hub data key. One row at most.
CREATE TABLE hub.org_keys (
  id           int PRIMARY KEY CHECK (id = 1),
  sealed       bytea NOT NULL,
  origin       text NOT NULL CHECK (origin IN ('donated', 'generated')),
  donor_device uuid,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE hub.enrollment_codes (
  code_hash  bytea PRIMARY KEY,
  profile    text NOT NULL CHECK (profile IN ('booth', 'office')),
  name       text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  used_by    uuid
);

CREATE TABLE hub.devices (
  id                uuid PRIMARY KEY,
  name              text NOT NULL,
  profile           text NOT NULL CHECK (profile IN ('booth', 'office')),
  enrolled_at       timestamptz NOT NULL DEFAULT now(),
  last_seen_at      timestamptz,
  app_version       text,
  pending_count     integer,
  oldest_pending_at timestamptz,
  clock_skew_ms     bigint,
  revoked_at        timestamptz,
  revoked_reason    text
);

CREATE TABLE hub.access_tokens (
  token_hash bytea PRIMARY KEY,
  device_id  uuid NOT NULL REFERENCES hub.devices(id),
  -- The refresh token issued with it: a retried rotation withdraws both.
  refresh_hash bytea NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX access_tokens_device ON hub.access_tokens(device_id);

-- A refresh token is used once; its successor is recorded so reuse can be told from rotation.
CREATE TABLE hub.refresh_tokens (
  token_hash bytea PRIMARY KEY,
  device_id  uuid NOT NULL REFERENCES hub.devices(id),
  issued_at  timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  replaced_by bytea
);
CREATE INDEX refresh_tokens_device ON hub.refresh_tokens(device_id);

-- Fixed-window counters; kept here because the hub processes share nothing else.
CREATE TABLE hub.rate_limits (
  bucket       text NOT NULL,
  window_start timestamptz NOT NULL,
  hits         integer NOT NULL,
  PRIMARY KEY (bucket, window_start)
);

CREATE TABLE hub.audit (
  id        bigserial PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  device_id uuid,
  action    text NOT NULL,
  detail    jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_device ON hub.audit(device_id, at);
