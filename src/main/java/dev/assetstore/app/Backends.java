package dev.assetstore.app;

import dev.assetstore.blob.BlobStore;
import dev.assetstore.blob.fs.FsBlobStore;
import dev.assetstore.blob.s3.S3BlobStore;
import dev.assetstore.blob.s3.S3Location;
import dev.assetstore.db.MetadataStore;
import dev.assetstore.db.jdbc.JdbcMetadataStore;
import dev.assetstore.db.jdbc.PostgresDialect;
import dev.assetstore.db.jdbc.SqliteDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The only place that names storage backends, chosen by URL scheme. */
final class Backends {
  private Backends() {}

  static MetadataStore metadata(Config c) throws IOException {
    String url = c.dbUrl();
    if (url.startsWith("jdbc:sqlite:")) {
      Path file = Path.of(url.substring("jdbc:sqlite:".length()).split("\\?", 2)[0]);
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      SqliteNative.prepare(c.dataDir());
      return new JdbcMetadataStore(new SqliteDialect(url, Math.max(2, c.eventLoops() * 2)));
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return new JdbcMetadataStore(new PostgresDialect(url, c.dbPoolSize()));
    }
    throw new IllegalArgumentException(
        "ASSET_STORE_DB_URL: unsupported database URL (expected jdbc:sqlite:… or"
            + " jdbc:postgresql:…): "
            + url);
  }

  static BlobStore blobs(Config c) throws IOException {
    String url = c.blobUrl();
    if (url.startsWith("file:")) {
      return new FsBlobStore(Path.of(url.substring("file:".length())));
    }
    if (url.startsWith("s3://")) {
      return S3BlobStore.open(S3Location.parse(url));
    }
    throw new IllegalArgumentException(
        "ASSET_STORE_BLOB_URL: unsupported blob URL (expected file:… or s3://…): " + url);
  }
}
