package dev.assetstore.db.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The restart fast path that skips Flyway: in step with the migration files, and only when safe.
 */
class MigrationsTest {
  private static final String LATEST = JdbcMetadataStore.LATEST_MIGRATION;
  private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");

  @Test
  void latestMigrationIsTheNewestFileForEveryDatabase() throws Exception {
    for (String db : new String[] {"sqlite", "postgresql"}) {
      Path dir = Path.of(getClass().getResource("/db/migration/" + db).toURI());
      int newest;
      try (Stream<Path> files = Files.list(dir)) {
        newest =
            files
                .map(p -> VERSION.matcher(p.getFileName().toString()))
                .filter(Matcher::matches)
                .mapToInt(m -> Integer.parseInt(m.group(1)))
                .max()
                .orElseThrow();
      }
      assertThat(JdbcMetadataStore.LATEST_MIGRATION).as(db).isEqualTo(Integer.toString(newest));
    }
  }

  @Test
  void flywayIsSkippedOnlyWhenEveryMigrationUpToTheLatestSucceeded() throws Exception {
    Path dir = Files.createTempDirectory("migrations");
    SqliteDialect dialect = new SqliteDialect("jdbc:sqlite:" + dir.resolve("store.db"), 2);
    try (JdbcMetadataStore unused = newStore(dialect, false)) {
      assertThat(JdbcMetadataStore.upToDate(dialect.writePool())).isTrue();
      execute(
          dialect, "update flyway_schema_history set success = 0 where version = '" + LATEST + "'");
      assertThat(JdbcMetadataStore.upToDate(dialect.writePool())).isFalse();
      execute(
          dialect, "update flyway_schema_history set success = 1 where version = '" + LATEST + "'");
      assertThat(JdbcMetadataStore.upToDate(dialect.writePool())).isTrue();
      execute(dialect, "delete from flyway_schema_history where version = '" + LATEST + "'");
      assertThat(JdbcMetadataStore.upToDate(dialect.writePool())).isFalse();
    }
  }

  @Test
  void aStoreOpenedOnACurrentSchemaDoesNotRunFlyway() throws Exception {
    Path dir = Files.createTempDirectory("migrations");
    String url = "jdbc:sqlite:" + dir.resolve("store.db");
    SqliteDialect first = new SqliteDialect(url, 2);
    new JdbcMetadataStore(first).close();
    // Flyway validates checksums before it migrates: with this row altered it refuses to start,
    // so a second open succeeds only if Flyway was skipped.
    SqliteDialect second = new SqliteDialect(url, 2);
    execute(second, "update flyway_schema_history set checksum = 12345 where version = '1'");
    try (JdbcMetadataStore reopened = new JdbcMetadataStore(second)) {
      assertThat(reopened.setting("probe", () -> "ok")).isEqualTo("ok");
    }
  }

  /** SQLite's write pool has one connection: each statement gives it back before the next check. */
  private static void execute(SqliteDialect dialect, String sql) throws Exception {
    try (Connection c = dialect.writePool().getConnection();
        Statement st = c.createStatement()) {
      st.executeUpdate(sql);
    }
  }

  private static JdbcMetadataStore newStore(SqliteDialect dialect, boolean migrated) {
    assertThat(JdbcMetadataStore.upToDate(dialect.writePool())).isEqualTo(migrated);
    return new JdbcMetadataStore(dialect);
  }
}
