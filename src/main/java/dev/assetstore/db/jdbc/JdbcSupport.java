package dev.assetstore.db.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.assetstore.db.Actor;
import dev.assetstore.db.NameConflictException;
import dev.assetstore.db.StorageFullException;
import dev.assetstore.db.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.RecordMapper;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.SelectForUpdateStep;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;

/** What every JDBC store class shares: list columns as JSON, actors, and error translation. */
final class JdbcSupport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  /** Resolved once: {@code readValue(json, STRINGS)} looks the type up on every row. */
  private static final ObjectReader STRINGS_READER = JSON.readerFor(STRINGS);

  private JdbcSupport() {}

  static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> strings(String json) {
    if ("[]".equals(json)) {
      return List.of();
    }
    try {
      return STRINGS_READER.readValue(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt list column", e);
    }
  }

  /**
   * Locks the selected rows until the transaction ends, so a read-check-write on them is atomic
   * across nodes. SQLite has no row locks and needs none: its writing transactions never overlap.
   */
  static <R extends Record> ResultQuery<R> forUpdate(DSLContext t, SelectForUpdateStep<R> select) {
    return t.dialect().family() == SQLDialect.SQLITE ? select : select.forUpdate();
  }

  static Actor actor(String type, String id) {
    return type == null || id == null ? null : new Actor(type, id);
  }

  /** Runs a statement, turning a pool timeout into "the database is unavailable" (503). */
  static <T> T guard(Supplier<T> body) {
    try {
      return retried(body);
    } catch (DataAccessException e) {
      throw translate(e);
    }
  }

  /** The rows of {@code table} whose {@code id} is among {@code ids}: a {@link RowCache}'s load. */
  static <T> List<T> withIds(
      DSLContext read,
      Table<?> table,
      Field<?>[] row,
      Field<String> id,
      Collection<String> ids,
      RecordMapper<Record, T> map) {
    return guard(() -> read.select(row).from(table).where(id.in(ids)).fetch(map));
  }

  /** As {@link #guard}, with a unique-constraint violation reported as a name conflict. */
  static <T> T unique(SqlDialect dialect, Supplier<T> body) throws NameConflictException {
    try {
      return retried(body);
    } catch (DataAccessException e) {
      if (dialect.isUniqueViolation(e)) {
        throw new NameConflictException();
      }
      throw translate(e);
    }
  }

  /**
   * Runs the statement or transaction again when the database rolled it back to break a deadlock
   * (40P01) or a serialisation conflict (40001): rare with the lock order we keep, but possible
   * between nodes, and nothing of the attempt was kept.
   */
  private static <T> T retried(Supplier<T> body) {
    for (int attempt = 1; ; attempt++) {
      try {
        return body.get();
      } catch (DataAccessException e) {
        if (attempt >= 3 || !isRolledBack(e)) {
          throw e;
        }
      }
    }
  }

  private static boolean isRolledBack(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException s
          && ("40P01".equals(s.getSQLState()) || "40001".equals(s.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  static RuntimeException translate(DataAccessException e) {
    if (isUnavailable(e)) {
      return new StoreUnavailableException("metadata database unavailable", e);
    }
    if (isDiskFull(e)) {
      return new StorageFullException("metadata database disk full", e);
    }
    return e;
  }

  /**
   * The pool timed out, or the connection broke or was refused: SQLState class 08 (connection
   * exception) or 57P01..57P03 (the server is shutting down, crashed, or is not accepting
   * connections yet). The database, not the request, is at fault.
   */
  static boolean isUnavailable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLTransientConnectionException) {
        return true;
      }
      if (c instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P")) {
          return true;
        }
      }
    }
    return false;
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
