package dev.assetstore.db;

import dev.assetstore.db.jdbc.JdbcMetadataStore;
import dev.assetstore.db.jdbc.PostgresDialect;
import dev.assetstore.db.jdbc.SqliteDialect;
import dev.assetstore.support.EmbeddedPg;
import dev.assetstore.support.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A database the {@link MetadataStoreContract} runs on: fresh databases, and stores over them. */
enum StoreBackend {
  SQLITE {
    @Override
    String freshUrl() {
      try {
        return "jdbc:sqlite:" + Files.createTempDirectory("store-contract").resolve("store.db");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    MetadataStore open(String url) {
      return new JdbcMetadataStore(new SqliteDialect(url, 4));
    }

    @Override
    void drop(String url) {
      TestServer.deleteRecursively(Path.of(url.substring("jdbc:sqlite:".length())).getParent());
    }
  },

  POSTGRES {
    @Override
    String freshUrl() {
      return EmbeddedPg.freshDatabaseUrl();
    }

    @Override
    MetadataStore open(String url) {
      return new JdbcMetadataStore(new PostgresDialect(url, 8));
    }

    @Override
    void drop(String url) {
      // The cluster's whole data directory goes when the JVM exits.
    }
  };

  /** A new, empty database. */
  abstract String freshUrl();

  /** A store over the database at {@code url}: open it twice for two nodes sharing it. */
  abstract MetadataStore open(String url);

  /** Removes the database once every store over it is closed. */
  abstract void drop(String url);
}
