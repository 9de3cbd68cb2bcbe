-- Accounts (issue 5): users, refresh-token families, and login failures for throttling.
-- username_key is the normalised (NFC, lower-case) username: the unique login name.
CREATE TABLE users (
  id              TEXT COLLATE "C" PRIMARY KEY,
  username        TEXT COLLATE "C" NOT NULL,
  username_key    TEXT COLLATE "C" NOT NULL UNIQUE,
  email           TEXT COLLATE "C",
  password_hash   TEXT COLLATE "C" NOT NULL,
  scopes          TEXT COLLATE "C" NOT NULL,
  disabled        BOOLEAN NOT NULL DEFAULT FALSE,
  created         BIGINT NOT NULL,
  updated         BIGINT NOT NULL,
  created_by_type TEXT COLLATE "C",
  created_by_id   TEXT COLLATE "C"
);
CREATE INDEX users_created ON users (created, id);
CREATE INDEX users_updated ON users (updated, id);
CREATE INDEX users_username ON users (username, id);

-- Only the SHA-256 of a refresh token is stored. Every rotation adds a row to the family and
-- marks the old one used; presenting a used or revoked token revokes the whole family.
CREATE TABLE refresh_tokens (
  token_hash TEXT COLLATE "C" PRIMARY KEY,
  family_id  TEXT COLLATE "C" NOT NULL,
  user_id    TEXT COLLATE "C" NOT NULL,
  scopes     TEXT COLLATE "C" NOT NULL,
  expires    BIGINT NOT NULL,
  used       BOOLEAN NOT NULL DEFAULT FALSE,
  revoked    BOOLEAN NOT NULL DEFAULT FALSE,
  created    BIGINT NOT NULL
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

-- One row per failed login, by normalised username (never by IP); pruned as it ages out.
CREATE TABLE login_failures (
  username_key TEXT COLLATE "C" NOT NULL,
  at           BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (username_key, at);
