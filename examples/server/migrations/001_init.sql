-- The example host server's schema. Plain Postgres: it runs the same on PGlite
-- (the default, a folder on disk) and on a Postgres server (DATABASE_URL).
-- Every statement is idempotent, so running the file twice changes nothing.

-- One row per user of your app who has opened the widget. In your app this is
-- your own users table, with these columns added.
CREATE TABLE IF NOT EXISTS users (
  id text PRIMARY KEY,                 -- your user id: the client_user_id sent to POST /tokens
  human_id text UNIQUE,                -- the service's id for the person: notifications name it
  records_watermark timestamptz,       -- the latest record updatedAt pulled: the next updated_since
  sources_checked_at timestamptz,      -- when GET /human/sources last answered for this user
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Session tokens this server issued, by SHA-256: a leaked table holds no usable token.
-- A token forwarded by the page is trusted only if it is here, for the signed-in user.
CREATE TABLE IF NOT EXISTS session_tokens (
  token_sha256 text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS session_tokens_expires_at ON session_tokens (expires_at);

-- What the Data API says the person has connected (GET /human/sources), as of the last pull.
CREATE TABLE IF NOT EXISTS sources (
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  id text NOT NULL,
  name text NOT NULL,
  category text NOT NULL,
  status text NOT NULL,
  synced_at timestamptz,
  PRIMARY KEY (user_id, id)
);

-- What the page said in a forwarded event. A claim, never trusted: kept for the record.
CREATE TABLE IF NOT EXISTS reported_sources (
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  id text NOT NULL,
  name text NOT NULL,
  state text NOT NULL CHECK (state IN ('connected', 'disconnected')),
  reported_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, id)
);

-- Sources the person asked for because they could not find them.
CREATE TABLE IF NOT EXISTS requested_sources (
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  address text,
  website text,
  physician text,
  reported_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS requested_sources_user ON requested_sources (user_id, reported_at);

-- The person's records from the Data API. A record's id is stable across pulls, so a pull
-- upserts by (user_id, id): pulling twice stores each record once. `data` is the record
-- as the service sent it; the columns beside it are what the queries need.
CREATE TABLE IF NOT EXISTS records (
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  id text NOT NULL,
  kind text NOT NULL,
  source_id text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (user_id, id)
);
CREATE INDEX IF NOT EXISTS records_user_source ON records (user_id, source_id, kind);

-- Notification ids seen: the service may deliver the same one twice.
CREATE TABLE IF NOT EXISTS notifications (
  id text PRIMARY KEY,
  type text NOT NULL,
  human_id text NOT NULL,
  received_at timestamptz NOT NULL,
  pulled_at timestamptz              -- set once the pull it asked for has finished
);
