package dev.assetstore.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real PostgreSQL in this JVM (zonky's bundled binaries): one shared cluster, started on first use
 * and stopped by the shutdown hook zonky registers, plus dedicated clusters for tests that stop and
 * start the server. Every {@link #freshDatabaseUrl()} is a new, empty database of the shared one.
 */
public final class EmbeddedPg {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres shared;

  private EmbeddedPg() {}

  /** The shared cluster. Durability is off: tests never survive a crash of it. */
  public static synchronized EmbeddedPostgres shared() {
    if (shared == null) {
      try {
        shared =
            builder()
                .setServerConfig("fsync", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("max_connections", "500")
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
      }
    }
    return shared;
  }

  /** A JDBC URL of a new, empty database in the shared cluster, collating like en_US. */
  public static String freshDatabaseUrl() {
    EmbeddedPostgres pg = shared();
    String name = "assetstore_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      // A linguistic default collation, as production databases usually have (en_US): the
      // schema's COLLATE "C" must keep sorting and path ranges byte-wise regardless.
      s.execute(
          "CREATE DATABASE "
              + name
              + " TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return pg.getJdbcUrl("postgres", name);
  }

  /**
   * A cluster of its own on {@code port} with its data in {@code dataDir}: created there the first
   * time, reopened as it was on later calls (after {@link EmbeddedPostgres#close()} stopped it).
   */
  public static EmbeddedPostgres dedicated(Path dataDir, int port) {
    try {
      return builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port).start();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start", e);
    }
  }

  private static EmbeddedPostgres.Builder builder() {
    return EmbeddedPostgres.builder()
        .setPgBinaryResolver(RootSafePgBinaries.INSTANCE)
        .setPGStartupWait(Duration.ofSeconds(60));
  }
}
