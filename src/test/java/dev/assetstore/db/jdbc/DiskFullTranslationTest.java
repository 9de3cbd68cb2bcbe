package dev.assetstore.db.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.db.StorageFullException;
import java.sql.SQLException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** A full disk under the database is told apart from other SQL failures, for both backends. */
class DiskFullTranslationTest {

  @Test
  void sqliteFullAndPostgresDiskFullBecomeStorageFull() {
    var sqlite =
        new DataAccessException(
            "insert",
            new SQLiteException(
                "[SQLITE_FULL] database or disk is full", SQLiteErrorCode.SQLITE_FULL));
    var postgres =
        new DataAccessException(
            "insert", new SQLException("could not extend file: No space left on device", "53100"));
    assertThat(JdbcSupport.translate(sqlite)).isInstanceOf(StorageFullException.class);
    assertThat(JdbcSupport.translate(postgres)).isInstanceOf(StorageFullException.class);
  }

  @Test
  void otherFailuresAreLeftAlone() {
    var other =
        new DataAccessException(
            "insert",
            new SQLiteException(
                "[SQLITE_CONSTRAINT] constraint failed", SQLiteErrorCode.SQLITE_CONSTRAINT));
    assertThat(JdbcSupport.translate(other)).isSameAs(other);
  }
}
