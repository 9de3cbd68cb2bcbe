package dev.assetstore.db.jdbc;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** Hand-declared jOOQ names of the account tables (V3__users.sql). */
final class AccountTables {
  private AccountTables() {}

  static final Table<Record> USERS = table(name("users"));
  static final Field<String> U_ID = field(name("users", "id"), SQLDataType.VARCHAR);
  static final Field<String> U_USERNAME = field(name("users", "username"), SQLDataType.VARCHAR);
  static final Field<String> U_KEY = field(name("users", "username_key"), SQLDataType.VARCHAR);
  static final Field<String> U_EMAIL = field(name("users", "email"), SQLDataType.VARCHAR);
  static final Field<String> U_HASH = field(name("users", "password_hash"), SQLDataType.VARCHAR);
  static final Field<String> U_SCOPES = field(name("users", "scopes"), SQLDataType.VARCHAR);
  static final Field<Boolean> U_DISABLED = field(name("users", "disabled"), SQLDataType.BOOLEAN);
  static final Field<Long> U_CREATED = field(name("users", "created"), SQLDataType.BIGINT);
  static final Field<Long> U_UPDATED = field(name("users", "updated"), SQLDataType.BIGINT);
  static final Field<String> U_BY_TYPE =
      field(name("users", "created_by_type"), SQLDataType.VARCHAR);
  static final Field<String> U_BY_ID = field(name("users", "created_by_id"), SQLDataType.VARCHAR);

  /** The columns a user row is read with (see {@link Tables#ASSET_ROW} for why not selectFrom). */
  static final Field<?>[] USER_ROW = {
    U_ID,
    U_USERNAME,
    U_KEY,
    U_EMAIL,
    U_HASH,
    U_SCOPES,
    U_DISABLED,
    U_CREATED,
    U_UPDATED,
    U_BY_TYPE,
    U_BY_ID
  };

  static final Table<Record> REFRESH = table(name("refresh_tokens"));
  static final Field<String> R_HASH =
      field(name("refresh_tokens", "token_hash"), SQLDataType.VARCHAR);
  static final Field<String> R_FAMILY =
      field(name("refresh_tokens", "family_id"), SQLDataType.VARCHAR);
  static final Field<String> R_USER = field(name("refresh_tokens", "user_id"), SQLDataType.VARCHAR);
  static final Field<String> R_SCOPES =
      field(name("refresh_tokens", "scopes"), SQLDataType.VARCHAR);
  static final Field<Long> R_EXPIRES = field(name("refresh_tokens", "expires"), SQLDataType.BIGINT);
  static final Field<Boolean> R_USED = field(name("refresh_tokens", "used"), SQLDataType.BOOLEAN);
  static final Field<Boolean> R_REVOKED =
      field(name("refresh_tokens", "revoked"), SQLDataType.BOOLEAN);
  static final Field<Long> R_CREATED = field(name("refresh_tokens", "created"), SQLDataType.BIGINT);

  static final Table<Record> FAILURES = table(name("login_failures"));
  static final Field<String> L_KEY =
      field(name("login_failures", "username_key"), SQLDataType.VARCHAR);
  static final Field<Long> L_AT = field(name("login_failures", "at"), SQLDataType.BIGINT);
}
