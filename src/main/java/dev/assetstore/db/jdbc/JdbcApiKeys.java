package dev.assetstore.db.jdbc;

import static dev.assetstore.db.jdbc.JdbcSupport.guard;
import static dev.assetstore.db.jdbc.JdbcSupport.json;
import static dev.assetstore.db.jdbc.JdbcSupport.withIds;
import static dev.assetstore.db.jdbc.Tables.*;

import dev.assetstore.db.ApiKeyRow;
import dev.assetstore.db.ListQuery;
import dev.assetstore.db.Slice;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** The API-key half of {@link JdbcMetadataStore}: the rows, their list columns, their cache. */
final class JdbcApiKeys {

  static final ResourceColumns COLUMNS =
      new ResourceColumns(
          API_KEYS,
          API_KEY_ROW,
          K_ID,
          Map.of(
              "label", K_LABEL,
              "expires", K_EXPIRES,
              "last_used", K_LAST_USED,
              "created", K_CREATED,
              "updated", K_UPDATED,
              "created_by", K_BY_ID),
          Map.<String, Function<Object, Condition>>of(
              "scopes", scope -> DSL.position(K_SCOPES, DSL.val(json((String) scope))).gt(0)),
          List.of(K_LABEL));

  private final DSLContext read;
  private final DSLContext write;

  /** Keys by id for {@link #byIds}: the creators of list pages (see {@link RowCache}). */
  private final RowCache<ApiKeyRow> cache;

  JdbcApiKeys(SqlDialect dialect, DSLContext read, DSLContext write) {
    this.read = read;
    this.write = write;
    this.cache = new RowCache<>(dialect.embedded(), ApiKeyRow::id);
  }

  void insert(ApiKeyRow r) {
    guard(
        () ->
            write
                .insertInto(API_KEYS)
                .set(K_ID, r.id())
                .set(K_LABEL, r.label())
                .set(K_PREFIX, r.prefix())
                .set(K_HASH, r.keyHash())
                .set(K_SCOPES, json(r.scopes()))
                .set(K_EXPIRES, r.expires())
                .set(K_LAST_USED, r.lastUsed())
                .set(K_CREATED, r.created())
                .set(K_UPDATED, r.updated())
                .set(K_BY_TYPE, r.createdBy() == null ? null : r.createdBy().type())
                .set(K_BY_ID, r.createdBy() == null ? null : r.createdBy().id())
                .execute());
  }

  Optional<ApiKeyRow> byHash(String keyHash) {
    return guard(
        () ->
            read.select(API_KEY_ROW)
                .from(API_KEYS)
                .where(K_HASH.eq(keyHash))
                .fetchOptional(JdbcApiKeys::row));
  }

  Optional<ApiKeyRow> byId(String id) {
    return guard(
        () ->
            read.select(API_KEY_ROW)
                .from(API_KEYS)
                .where(K_ID.eq(id))
                .fetchOptional(JdbcApiKeys::row));
  }

  List<ApiKeyRow> byIds(Collection<String> ids) {
    return cache.get(
        ids, missing -> withIds(read, API_KEYS, API_KEY_ROW, K_ID, missing, JdbcApiKeys::row));
  }

  Slice<ApiKeyRow> list(ListQuery q) {
    return ListSql.fetchList(read, COLUMNS, q, JdbcApiKeys::row);
  }

  boolean delete(String id) {
    try {
      return guard(() -> write.deleteFrom(API_KEYS).where(K_ID.eq(id)).execute() > 0);
    } finally {
      cache.forget(id);
    }
  }

  /** Sets {@code last_used}, never moving it backwards. */
  void touch(String id, long when) {
    try {
      guard(
          () ->
              write
                  .update(API_KEYS)
                  .set(K_LAST_USED, when)
                  .where(K_ID.eq(id))
                  .and(K_LAST_USED.isNull().or(K_LAST_USED.lt(when)))
                  .execute());
    } finally {
      cache.forget(id);
    }
  }

  long count() {
    return guard(() -> (long) read.fetchCount(API_KEYS));
  }

  private static ApiKeyRow row(Record r) {
    return new ApiKeyRow(
        r.get(K_ID),
        r.get(K_LABEL),
        r.get(K_PREFIX),
        r.get(K_HASH),
        JdbcSupport.strings(r.get(K_SCOPES)),
        r.get(K_EXPIRES),
        r.get(K_LAST_USED),
        r.get(K_CREATED),
        r.get(K_UPDATED),
        JdbcSupport.actor(r.get(K_BY_TYPE), r.get(K_BY_ID)));
  }
}
