package dev.assetstore.support;

import java.util.Map;

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
}
