package dev.assetstore.db.jdbc;

import javax.sql.DataSource;
import org.jooq.DSLContext;
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

  /** An embedded database that only this process writes (SQLite), not a shared server. */
  boolean embedded();

  /**
   * Inside a writing transaction: waits until no other transaction, on any node, holds {@code
   * resource}, then holds it until this transaction ends. For checks that no single row can guard
   * (a whole folder tree, the failures of a login name that may have no row).
   */
  void serialize(DSLContext tx, String resource);

  void close();
}
