-- PostgreSQL twin of db/migration/sqlite (same versions, tables and indexes). Every text column
-- uses COLLATE "C": comparisons and sorting by code point, as SQLite's BINARY collation does, so
-- sorted pages, keyset cursors and the folder path ranges ('/A/' .. '/A0') agree on both databases
-- whatever locale the PostgreSQL cluster was created with.
-- Times are epoch microseconds (BIGINT) so ordering and cursors behave alike on every database.
CREATE TABLE settings (
  key   TEXT COLLATE "C" PRIMARY KEY,
  value TEXT COLLATE "C" NOT NULL
);

CREATE TABLE api_keys (
  id              TEXT COLLATE "C" PRIMARY KEY,
  label           TEXT COLLATE "C" NOT NULL,
  prefix          TEXT COLLATE "C" NOT NULL,
  key_hash        TEXT COLLATE "C" NOT NULL UNIQUE,
  scopes          TEXT COLLATE "C" NOT NULL,
  expires         BIGINT,
  last_used       BIGINT,
  created         BIGINT NOT NULL,
  updated         BIGINT NOT NULL,
  created_by_type TEXT COLLATE "C",
  created_by_id   TEXT COLLATE "C"
);
CREATE INDEX api_keys_created ON api_keys (created, id);
CREATE INDEX api_keys_label ON api_keys (label, id);

-- Folders keep a materialised path ("/A/B") and depth: get, list and path resolution are one
-- indexed lookup; a move rewrites the paths of the moved subtree in one UPDATE.
CREATE TABLE folders (
  id              TEXT COLLATE "C" PRIMARY KEY,
  name            TEXT COLLATE "C" NOT NULL,
  parent_id       TEXT COLLATE "C" REFERENCES folders (id),
  path            TEXT COLLATE "C" NOT NULL,
  depth           INTEGER NOT NULL,
  description     TEXT COLLATE "C",
  created         BIGINT NOT NULL,
  updated         BIGINT NOT NULL,
  created_by_type TEXT COLLATE "C",
  created_by_id   TEXT COLLATE "C"
);
CREATE UNIQUE INDEX folders_sibling_name ON folders (COALESCE(parent_id, ''), name);
CREATE UNIQUE INDEX folders_path ON folders (path);
CREATE INDEX folders_created ON folders (created, id);
CREATE INDEX folders_updated ON folders (updated, id);
CREATE INDEX folders_name ON folders (name, id);

CREATE TABLE assets (
  id              TEXT COLLATE "C" PRIMARY KEY,
  name            TEXT COLLATE "C" NOT NULL,
  folder_id       TEXT COLLATE "C" REFERENCES folders (id),
  content_type    TEXT COLLATE "C" NOT NULL,
  size            BIGINT NOT NULL,
  sha256          TEXT COLLATE "C" NOT NULL,
  crc32           BIGINT NOT NULL,
  blob_key        TEXT COLLATE "C" NOT NULL,
  description     TEXT COLLATE "C",
  tags            TEXT COLLATE "C" NOT NULL,
  metadata        TEXT COLLATE "C" NOT NULL,
  created         BIGINT NOT NULL,
  updated         BIGINT NOT NULL,
  created_by_type TEXT COLLATE "C",
  created_by_id   TEXT COLLATE "C"
);
CREATE UNIQUE INDEX assets_folder_name ON assets (COALESCE(folder_id, ''), name);
CREATE INDEX assets_blob_key ON assets (blob_key);
CREATE INDEX assets_created ON assets (created, id);
CREATE INDEX assets_updated ON assets (updated, id);
CREATE INDEX assets_name ON assets (name, id);
CREATE INDEX assets_size ON assets (size, id);
CREATE INDEX assets_content_type ON assets (content_type, id);
CREATE INDEX assets_folder_created ON assets (folder_id, created, id);
-- An equality filter plus a sort needs (filter, sort, id) to page without sorting every match:
-- the folder and content-type filters are the common ones.
CREATE INDEX assets_in_folder_by_name ON assets (folder_id, name, id);
CREATE INDEX assets_in_folder_by_size ON assets (folder_id, size, id);
CREATE INDEX assets_in_folder_by_updated ON assets (folder_id, updated, id);
CREATE INDEX assets_type_by_name ON assets (content_type, name, id);
CREATE INDEX assets_type_by_created ON assets (content_type, created, id);
CREATE INDEX assets_type_by_size ON assets (content_type, size, id);
CREATE INDEX assets_type_by_updated ON assets (content_type, updated, id);
CREATE INDEX assets_sha256 ON assets (sha256);

-- One row per tag so "has this tag" is an indexed lookup on every database.
CREATE TABLE asset_tags (
  asset_id TEXT COLLATE "C" NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  tag      TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (asset_id, tag)
);
CREATE INDEX asset_tags_tag ON asset_tags (tag, asset_id);
