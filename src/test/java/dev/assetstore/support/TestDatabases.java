package dev.assetstore.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * Which metadata database a {@link TestServer} runs on, chosen by the system property {@code
 * assetstore.test.db} ({@code sqlite}, the default, or {@code postgres}). Each call gives a fresh,
 * empty database so servers never see each other's rows.
 */
public final class TestDatabases {
  private TestDatabases() {}

  public static final String PROPERTY = "assetstore.test.db";

  public static String kind() {
    return System.getProperty(PROPERTY, "sqlite");
  }

  /** Environment entries for a fresh database; empty means the default SQLite file. */
  public static Map<String, String> freshEnv() {
    return switch (kind()) {
      case "sqlite" -> Map.of();
      case "postgres" -> Map.of("ASSET_STORE_DB_URL", EmbeddedPg.freshDatabaseUrl());
      default ->
          throw new IllegalStateException(
              "-D" + PROPERTY + " must be sqlite or postgres, not " + kind());
    };
  }

  /**
   * A read-only connection to the database of a server started with {@code env} (which holds what
   * {@link #freshEnv()} gave) on {@code dataDir}, for tests that look at the stored rows.
   */
  public static Connection connect(Map<String, String> env, Path dataDir) throws SQLException {
    String url =
        env.getOrDefault("ASSET_STORE_DB_URL", "jdbc:sqlite:" + dataDir.resolve("store.db"));
    if (url.startsWith("jdbc:sqlite:")) {
      SQLiteConfig cfg = new SQLiteConfig();
      cfg.setReadOnly(true);
      return cfg.createConnection(url);
    }
    Connection c = DriverManager.getConnection(url);
    c.setReadOnly(true);
    return c;
  }
}
