-- Resumable uploads (issue 16, API.md §10). One row per upload: its declared length, the
-- durable offset with the running digests at that offset (SHA-256 state, CRC-32), the blob
-- store's own state (S3 multipart upload id, parts, tail), and the single-writer lease.
-- The row outlives completion (asset_id set) so that GET on the upload answers until it
-- expires; expired marks an upload whose bytes the sweep has freed (410 until forgotten).
CREATE TABLE uploads (
  id                TEXT PRIMARY KEY,
  owner_type        TEXT NOT NULL,
  owner_id          TEXT NOT NULL,
  length            BIGINT NOT NULL,
  upload_offset     BIGINT NOT NULL,
  metadata          TEXT NOT NULL,
  blob_key          TEXT NOT NULL,
  backend_state     TEXT,
  sha_state         BLOB NOT NULL,
  crc32             BIGINT NOT NULL,
  head              BLOB NOT NULL,
  created           BIGINT NOT NULL,
  expires           BIGINT NOT NULL,
  asset_id          TEXT,
  expired           BOOLEAN NOT NULL DEFAULT FALSE,
  lease_holder      TEXT,
  lease_until       BIGINT NOT NULL DEFAULT 0,
  release_requested BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX uploads_expires ON uploads (expires);
CREATE INDEX uploads_blob_key ON uploads (blob_key);
