-- Share links. The token is stored as is because the owner's view shows access_url at any time;
-- it is 256 bits of randomness and only leads to a password/recipient check and a throttle.
CREATE TABLE shares (
  id                TEXT COLLATE "C" PRIMARY KEY,
  name              TEXT COLLATE "C",
  token             TEXT COLLATE "C" NOT NULL UNIQUE,
  target_type       TEXT COLLATE "C" NOT NULL,
  asset_id          TEXT COLLATE "C" REFERENCES assets (id) ON DELETE CASCADE,
  folder_id         TEXT COLLATE "C" REFERENCES folders (id) ON DELETE CASCADE,
  expires           BIGINT,
  password_hash     TEXT COLLATE "C",
  recipients        TEXT COLLATE "C" NOT NULL,
  max_downloads     INTEGER,
  message           TEXT COLLATE "C",
  views             BIGINT NOT NULL DEFAULT 0,
  downloads         BIGINT NOT NULL DEFAULT 0,
  failed_attempts   BIGINT NOT NULL DEFAULT 0,
  last_accessed     BIGINT,
  -- bumped when the password changes or a recipient is removed: issued access tokens die
  epoch             INTEGER NOT NULL DEFAULT 0,
  -- per-share (never per-IP) throttle: failures counted in a fixed window starting at the first
  throttle_start    BIGINT,
  throttle_failures INTEGER NOT NULL DEFAULT 0,
  created           BIGINT NOT NULL,
  updated           BIGINT NOT NULL,
  created_by_type   TEXT COLLATE "C",
  created_by_id     TEXT COLLATE "C"
);
CREATE INDEX shares_created ON shares (created, id);
CREATE INDEX shares_updated ON shares (updated, id);
CREATE INDEX shares_name ON shares (name, id);
CREATE INDEX shares_asset ON shares (asset_id);
CREATE INDEX shares_folder ON shares (folder_id);

-- Downloads in flight for shares with max_downloads: a slot is taken before the first byte and
-- turned into a counted download only when the transfer completed.
CREATE TABLE share_download_slots (
  id       TEXT COLLATE "C" PRIMARY KEY,
  share_id TEXT COLLATE "C" NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
  started  BIGINT NOT NULL
);
CREATE INDEX share_download_slots_share ON share_download_slots (share_id, started);
