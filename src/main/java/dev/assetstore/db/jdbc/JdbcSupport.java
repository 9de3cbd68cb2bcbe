package dev.assetstore.db.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assetstore.db.Actor;
import dev.assetstore.db.NameConflictException;
import dev.assetstore.db.StorageFullException;
import dev.assetstore.db.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.function.Supplier;
import org.jooq.exception.DataAccessException;

/** What every JDBC store class shares: list columns as JSON, actors, and error translation. */
final class JdbcSupport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private JdbcSupport() {}

  static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> strings(String json) {
    try {
      return JSON.readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt list column", e);
    }
  }

  static Actor actor(String type, String id) {
    return type == null || id == null ? null : new Actor(type, id);
  }

  /** Runs a statement, turning a pool timeout into "the database is unavailable" (503). */
  static <T> T guard(Supplier<T> body) {
    try {
      return body.get();
    } catch (DataAccessException e) {
      throw translate(e);
    }
  }

  /** As {@link #guard}, with a unique-constraint violation reported as a name conflict. */
  static <T> T unique(SqlDialect dialect, Supplier<T> body) throws NameConflictException {
    try {
      return body.get();
    } catch (DataAccessException e) {
      if (dialect.isUniqueViolation(e)) {
        throw new NameConflictException();
      }
      throw translate(e);
    }
  }

  static RuntimeException translate(DataAccessException e) {
    if (e.getCause(SQLTransientConnectionException.class) != null) {
      return new StoreUnavailableException("metadata database unavailable", e);
    }
    if (isDiskFull(e)) {
      return new StorageFullException("metadata database disk full", e);
    }
    return e;
  }

  /** SQLite's SQLITE_FULL (error code 13) and PostgreSQL's disk_full (SQLSTATE 53100). */
  static boolean isDiskFull(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException s
          && (s.getErrorCode() == 13 || "53100".equals(s.getSQLState()))) {
        return true;
      }
    }
    return false;
  }
}
