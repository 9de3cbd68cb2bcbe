package dev.assetstore.db.jdbc;

import static dev.assetstore.db.jdbc.JdbcSupport.guard;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

import dev.assetstore.db.PreviewRow;
import dev.assetstore.db.PreviewStore;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** The JDBC side of {@link PreviewStore}: the {@code previews} table (V5). */
final class JdbcPreviews implements PreviewStore {
  static final Table<Record> PREVIEWS = table(name("previews"));
  static final Field<String> P_SHA256 = field(name("previews", "sha256"), SQLDataType.VARCHAR);
  static final Field<String> P_VARIANT = field(name("previews", "variant"), SQLDataType.VARCHAR);
  static final Field<String> P_BLOB_KEY = field(name("previews", "blob_key"), SQLDataType.VARCHAR);
  static final Field<Long> P_SIZE = field(name("previews", "size"), SQLDataType.BIGINT);
  static final Field<String> P_TYPE = field(name("previews", "content_type"), SQLDataType.VARCHAR);
  static final Field<Long> P_CREATED = field(name("previews", "created"), SQLDataType.BIGINT);

  private final DSLContext read;
  private final DSLContext write;

  JdbcPreviews(DSLContext read, DSLContext write) {
    this.read = read;
    this.write = write;
  }

  @Override
  public Optional<PreviewRow> preview(String sha256, String variant) {
    return guard(() -> fetch(read, sha256, variant));
  }

  private static Optional<PreviewRow> fetch(DSLContext ctx, String sha256, String variant) {
    return ctx.select(P_SHA256, P_VARIANT, P_BLOB_KEY, P_SIZE, P_TYPE, P_CREATED)
        .from(PREVIEWS)
        .where(P_SHA256.eq(sha256).and(P_VARIANT.eq(variant)))
        .fetchOptional(
            r ->
                new PreviewRow(
                    r.get(P_SHA256),
                    r.get(P_VARIANT),
                    r.get(P_BLOB_KEY),
                    r.get(P_SIZE),
                    r.get(P_TYPE),
                    r.get(P_CREATED)));
  }

  @Override
  public Optional<PreviewRow> insertPreview(PreviewRow row) {
    return guard(
        () -> {
          // One statement: recorded only while an asset has the content, so a preview finished
          // after its last asset was deleted never leaves a record that nothing would free.
          write
              .insertInto(PREVIEWS, P_SHA256, P_VARIANT, P_BLOB_KEY, P_SIZE, P_TYPE, P_CREATED)
              .select(
                  select(
                          val(row.sha256(), SQLDataType.VARCHAR),
                          val(row.variant(), SQLDataType.VARCHAR),
                          val(row.blobKey(), SQLDataType.VARCHAR),
                          val(row.size(), SQLDataType.BIGINT),
                          val(row.contentType(), SQLDataType.VARCHAR),
                          val(row.created(), SQLDataType.BIGINT))
                      .whereExists(
                          selectOne().from(Tables.ASSETS).where(Tables.A_SHA256.eq(row.sha256()))))
              .onConflictDoNothing()
              .execute();
          return fetch(write, row.sha256(), row.variant());
        });
  }

  @Override
  public List<String> deletePreviewsWithoutAsset(String sha256) {
    Condition orphan =
        DSL.notExists(selectOne().from(Tables.ASSETS).where(Tables.A_SHA256.eq(P_SHA256)));
    Condition which = sha256 == null ? orphan : P_SHA256.eq(sha256).and(orphan);
    return guard(
        () ->
            write.transactionResult(
                tx -> {
                  DSLContext t = tx.dsl();
                  List<String> keys =
                      t.select(P_BLOB_KEY).from(PREVIEWS).where(which).fetch(P_BLOB_KEY);
                  for (int i = 0; i < keys.size(); i += 500) {
                    var part = keys.subList(i, Math.min(keys.size(), i + 500));
                    t.deleteFrom(PREVIEWS).where(P_BLOB_KEY.in(part)).execute();
                  }
                  return keys;
                }));
  }

  @Override
  public Set<String> referencedPreviewKeys(Collection<String> keys) {
    if (keys.isEmpty()) {
      return Set.of();
    }
    return guard(
        () ->
            new HashSet<>(
                read.select(P_BLOB_KEY)
                    .from(PREVIEWS)
                    .where(P_BLOB_KEY.in(keys))
                    .fetch(P_BLOB_KEY)));
  }
}
