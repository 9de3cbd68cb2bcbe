-- Previews (issue 17): one derived blob per (content sha256, parameters and renderer version).
-- Keyed by content, not asset, so assets with the same bytes share their previews; freed when the
-- last asset with that content is deleted (assets_sha256 makes that check an index probe).
CREATE TABLE previews (
  sha256       TEXT NOT NULL,
  variant      TEXT NOT NULL,
  blob_key     TEXT NOT NULL,
  size         BIGINT NOT NULL,
  content_type TEXT NOT NULL,
  created      BIGINT NOT NULL,
  PRIMARY KEY (sha256, variant)
);
CREATE INDEX previews_blob_key ON previews (blob_key);
