package dev.assetstore.db.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The durability promise rests on two pragmas on every pooled connection: WAL, and {@code
 * synchronous=FULL} (2), which fsyncs the WAL at each commit. NORMAL (1) would keep the database
 * consistent but could lose the last acknowledged uploads on power loss.
 */
class SqliteDurabilityTest {

  @Test
  void everyConnectionCommitsDurably() throws Exception {
    Path dir = Files.createTempDirectory("sqlite-durability");
    SqliteDialect dialect = new SqliteDialect("jdbc:sqlite:" + dir.resolve("store.db"), 2);
    try {
      for (DataSource pool : new DataSource[] {dialect.writePool(), dialect.readPool()}) {
        try (Connection c = pool.getConnection()) {
          assertThat(pragma(c, "journal_mode")).isEqualTo("wal");
          assertThat(pragma(c, "synchronous")).isEqualTo("2");
          assertThat(pragma(c, "foreign_keys")).isEqualTo("1");
        }
      }
    } finally {
      dialect.close();
      TestServer.deleteRecursively(dir);
    }
  }

  private static String pragma(Connection c, String name) throws Exception {
    try (ResultSet rs = c.createStatement().executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
