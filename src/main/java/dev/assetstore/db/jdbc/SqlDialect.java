package dev.assetstore.db.jdbc;

import javax.sql.DataSource;
import org.jooq.SQLDialect;

/** The few things that differ between the databases we run on. */
public interface SqlDialect {

  SQLDialect jooq();

  /** Flyway locations holding this database's migrations. */
  String migrations();

  /** Pool for reads; may be the same as {@link #writePool()}. */
  DataSource readPool();

  /** Pool for writes; SQLite gets a single connection so writers queue instead of failing. */
  DataSource writePool();

  boolean isUniqueViolation(Throwable t);

  void close();
}
