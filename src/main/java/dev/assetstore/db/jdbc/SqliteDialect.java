package dev.assetstore.db.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;

/**
 * SQLite in WAL mode. {@code synchronous=FULL} makes every commit durable before it is
 * acknowledged; one writer connection (transactions BEGIN IMMEDIATE) serialises writes so they wait
 * for each other instead of failing with SQLITE_BUSY; readers run in parallel.
 */
public final class SqliteDialect implements SqlDialect {

  private final HikariDataSource read;
  private final HikariDataSource write;

  public SqliteDialect(String jdbcUrl, int readers) {
    this.write = pool(jdbcUrl, "sqlite-write", 1, false);
    this.read = pool(jdbcUrl, "sqlite-read", Math.max(1, readers), true);
  }

  private static HikariDataSource pool(String url, String name, int size, boolean readOnly) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    c.setPoolName(name);
    c.setMaximumPoolSize(size);
    c.setMinimumIdle(size);
    c.setConnectionTimeout(30_000);
    c.addDataSourceProperty("journal_mode", "WAL");
    c.addDataSourceProperty("synchronous", "FULL");
    c.addDataSourceProperty("busy_timeout", "10000");
    c.addDataSourceProperty("foreign_keys", "true");
    c.addDataSourceProperty("transaction_mode", readOnly ? "DEFERRED" : "IMMEDIATE");
    c.addDataSourceProperty("cache_size", "-16000");
    return new HikariDataSource(c);
  }

  @Override
  public SQLDialect jooq() {
    return SQLDialect.SQLITE;
  }

  @Override
  public String migrations() {
    return "classpath:db/migration/sqlite";
  }

  @Override
  public DataSource readPool() {
    return read;
  }

  @Override
  public DataSource writePool() {
    return write;
  }

  @Override
  public boolean embedded() {
    return true;
  }

  @Override
  public boolean isUniqueViolation(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException e
          && e.getMessage() != null
          && e.getMessage().contains("UNIQUE constraint failed")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Nothing to do: writing transactions begin IMMEDIATE on the one writer, so they never overlap.
   */
  @Override
  public void serialize(DSLContext tx, String resource) {}

  @Override
  public void close() {
    read.close();
    write.close();
  }
}
