-- The consent receipts the page forwards with `connect` (README, "The consent receipt"): what
-- the person agreed to for each new connection, in the words they read, kept as the app's record
-- of their consent. The first receipt of a connection stands: a later forward does not replace it.

CREATE TABLE IF NOT EXISTS consent_receipts (
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  connection_id text NOT NULL,
  source_id text NOT NULL,
  app_name text NOT NULL,
  version text NOT NULL,
  scopes jsonb NOT NULL,                -- the scope ids allowed, as POST /connections sent them
  accepted_at timestamptz NOT NULL,
  locale text NOT NULL,
  text_sha256 text NOT NULL,            -- checked against `text` when it arrived
  text text NOT NULL,                   -- the consent as the person read it
  received_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, connection_id)
);
