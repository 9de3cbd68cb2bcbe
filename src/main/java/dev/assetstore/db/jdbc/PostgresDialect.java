package dev.assetstore.db.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;

/**
 * PostgreSQL, shared by any number of nodes. One pool serves reads and writes: PostgreSQL runs
 * writers in parallel, so what SQLite got from its single writer comes from constraints, row locks
 * and {@link #serialize} here. Timeouts are short so that a database that went away turns into a
 * 503 within seconds instead of requests piling up; Hikari replaces broken connections by itself,
 * so the server recovers without a restart once the database is back.
 */
public final class PostgresDialect implements SqlDialect {
  /** Connection acquisition and TCP connect: how long a request waits for a missing database. */
  static final long CONNECT_TIMEOUT_MILLIS = 3_000;

  private final HikariDataSource pool;

  public PostgresDialect(String jdbcUrl, int poolSize) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(jdbcUrl);
    c.setPoolName("postgres");
    c.setMaximumPoolSize(Math.max(1, poolSize));
    c.setMinimumIdle(Math.min(2, Math.max(1, poolSize)));
    c.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
    c.setValidationTimeout(1_000);
    c.setKeepaliveTime(60_000);
    c.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_MILLIS / 1000));
    // A statement never waits on a silent peer for more than this (seconds); lists are indexed.
    c.addDataSourceProperty("socketTimeout", "30");
    c.addDataSourceProperty("tcpKeepAlive", "true");
    c.addDataSourceProperty("ApplicationName", "asset-store");
    this.pool = new HikariDataSource(c);
  }

  @Override
  public SQLDialect jooq() {
    return SQLDialect.POSTGRES;
  }

  @Override
  public String migrations() {
    return "classpath:db/migration/postgresql";
  }

  @Override
  public DataSource readPool() {
    return pool;
  }

  @Override
  public DataSource writePool() {
    return pool;
  }

  @Override
  public boolean embedded() {
    return false;
  }

  @Override
  public boolean isUniqueViolation(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException e && "23505".equals(e.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /**
   * A transaction-scoped advisory lock on the name's hash: released by commit or rollback, held
   * across every node that shares the database. A hash collision only serialises two unrelated
   * names, never lets two holders of one name in.
   */
  @Override
  public void serialize(DSLContext tx, String resource) {
    tx.fetch("select pg_advisory_xact_lock(hashtextextended(?, 0))", resource);
  }

  @Override
  public void close() {
    pool.close();
  }
}
