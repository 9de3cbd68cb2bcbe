package dev.assetstore.db.jdbc;

import static dev.assetstore.db.jdbc.JdbcSupport.guard;
import static dev.assetstore.db.jdbc.JdbcSupport.json;
import static dev.assetstore.db.jdbc.Tables.*;
import static org.jooq.impl.DSL.selectOne;

import dev.assetstore.db.AssetRow;
import dev.assetstore.db.ListQuery;
import dev.assetstore.db.NameConflictException;
import dev.assetstore.db.Slice;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The asset half of {@link JdbcMetadataStore}: asset rows with their tag rows, and which blob keys
 * they still reference (what a blob sweep may not delete).
 */
final class JdbcAssets {

  static final ResourceColumns COLUMNS =
      new ResourceColumns(
          ASSETS,
          ASSET_ROW,
          A_ID,
          Map.of(
              "name", A_NAME,
              "content_type", A_CONTENT_TYPE,
              "size", A_SIZE,
              "folder", A_FOLDER,
              "sha256", A_SHA256,
              "created", A_CREATED,
              "updated", A_UPDATED,
              "created_by", A_BY_ID),
          Map.<String, Function<Object, Condition>>of(
              "tags",
              tag ->
                  DSL.exists(
                      selectOne()
                          .from(ASSET_TAGS)
                          .where(T_ASSET.eq(A_ID))
                          .and(T_TAG.eq((String) tag)))),
          List.of(A_NAME, A_DESCRIPTION));

  private final SqlDialect dialect;
  private final DSLContext read;
  private final DSLContext write;

  JdbcAssets(SqlDialect dialect, DSLContext read, DSLContext write) {
    this.dialect = dialect;
    this.read = read;
    this.write = write;
  }

  void insert(AssetRow r) throws NameConflictException {
    JdbcSupport.unique(
        dialect,
        () -> {
          write.transaction(
              tx -> {
                DSLContext t = tx.dsl();
                t.insertInto(ASSETS)
                    .set(A_ID, r.id())
                    .set(A_NAME, r.name())
                    .set(A_FOLDER, r.folderId())
                    .set(A_CONTENT_TYPE, r.contentType())
                    .set(A_SIZE, r.size())
                    .set(A_SHA256, r.sha256())
                    .set(A_CRC32, r.crc32())
                    .set(A_BLOB_KEY, r.blobKey())
                    .set(A_DESCRIPTION, r.description())
                    .set(A_TAGS, json(r.tags()))
                    .set(A_METADATA, r.metadataJson())
                    .set(A_CREATED, r.created())
                    .set(A_UPDATED, r.updated())
                    .set(A_BY_TYPE, r.createdBy() == null ? null : r.createdBy().type())
                    .set(A_BY_ID, r.createdBy() == null ? null : r.createdBy().id())
                    .execute();
                insertTags(t, r.id(), r.tags());
              });
          return null;
        });
  }

  Optional<AssetRow> byId(String id) {
    return guard(
        () -> AssetRows.fetchOptional(read.select(ASSET_ROW).from(ASSETS).where(A_ID.eq(id))));
  }

  List<AssetRow> byIds(Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return guard(() -> AssetRows.fetch(read.select(ASSET_ROW).from(ASSETS).where(A_ID.in(ids))));
  }

  Optional<AssetRow> byName(String folderId, String name) {
    return guard(
        () ->
            AssetRows.fetchOptional(
                read.select(ASSET_ROW)
                    .from(ASSETS)
                    .where(inFolder(folderId))
                    .and(A_NAME.eq(name))));
  }

  Slice<AssetRow> list(ListQuery q) {
    return ListSql.fetchPage(read, COLUMNS, q, AssetRows::fetch);
  }

  /** Replaces the mutable fields; false if the asset is gone. */
  boolean update(AssetRow r) throws NameConflictException {
    return JdbcSupport.unique(
        dialect,
        () ->
            write.transactionResult(
                tx -> {
                  DSLContext t = tx.dsl();
                  int n =
                      t.update(ASSETS)
                          .set(A_NAME, r.name())
                          .set(A_FOLDER, r.folderId())
                          .set(A_DESCRIPTION, r.description())
                          .set(A_TAGS, json(r.tags()))
                          .set(A_METADATA, r.metadataJson())
                          .set(A_UPDATED, r.updated())
                          .where(A_ID.eq(r.id()))
                          .execute();
                  if (n == 0) {
                    return false;
                  }
                  t.deleteFrom(ASSET_TAGS).where(T_ASSET.eq(r.id())).execute();
                  insertTags(t, r.id(), r.tags());
                  return true;
                }));
  }

  /**
   * Deletes the row and its tags, returning what was deleted (its blob is the caller's to free).
   */
  Optional<AssetRow> delete(String id) {
    return guard(
        () ->
            write.transactionResult(
                tx -> {
                  DSLContext t = tx.dsl();
                  // Locked, so of two concurrent deletes only one gets the row (and its blob).
                  Optional<AssetRow> row =
                      AssetRows.fetchOptional(
                          JdbcSupport.forUpdate(
                              t, t.select(ASSET_ROW).from(ASSETS).where(A_ID.eq(id))));
                  if (row.isPresent()) {
                    t.deleteFrom(ASSET_TAGS).where(T_ASSET.eq(id)).execute();
                    t.deleteFrom(ASSETS).where(A_ID.eq(id)).execute();
                  }
                  return row;
                }));
  }

  boolean nameTaken(String folderId, String name) {
    return guard(() -> read.fetchExists(ASSETS, inFolder(folderId).and(A_NAME.eq(name))));
  }

  /** Which of these blob keys an asset still references. */
  Set<String> referencedBlobKeys(Collection<String> keys) {
    if (keys.isEmpty()) {
      return Set.of();
    }
    // One EXISTS probe per key: DISTINCT over an IN list walks every row sharing a key.
    var k = DSL.values(keys.stream().map(DSL::row).toArray(org.jooq.Row1[]::new)).as("k", "key");
    var key = k.field("key", String.class);
    return guard(
        () ->
            new HashSet<>(
                read.select(key)
                    .from(k)
                    .whereExists(selectOne().from(ASSETS).where(A_BLOB_KEY.eq(key)))
                    .fetch(key)));
  }

  private static Condition inFolder(String folderId) {
    return folderId == null ? A_FOLDER.isNull() : A_FOLDER.eq(folderId);
  }

  private static void insertTags(DSLContext t, String assetId, List<String> tags) {
    for (String tag : new LinkedHashSet<>(tags)) {
      t.insertInto(ASSET_TAGS).set(T_ASSET, assetId).set(T_TAG, tag).execute();
    }
  }
}
