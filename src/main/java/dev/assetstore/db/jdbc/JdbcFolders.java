package dev.assetstore.db.jdbc;

import static dev.assetstore.db.jdbc.Tables.*;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.val;

import dev.assetstore.db.AssetRow;
import dev.assetstore.db.FolderRow;
import dev.assetstore.db.FolderStore.TreeException;
import dev.assetstore.db.FolderStore.TreeException.Reason;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Select;

/**
 * Folder-tree SQL over a materialised path. A subtree is the folder itself plus every path in the
 * half-open range ({@code path + "/"}, {@code path + "0"}) — '0' is the character after '/', so the
 * range is exact and served by the unique index on {@code path}.
 */
final class JdbcFolders {
  static final ResourceColumns COLUMNS =
      new ResourceColumns(
          FOLDERS,
          FOLDER_ROW,
          F_ID,
          Map.of(
              "name", F_NAME,
              "parent", F_PARENT,
              "created", F_CREATED,
              "updated", F_UPDATED,
              "created_by", F_BY_ID),
          Map.<String, Function<Object, org.jooq.Condition>>of(),
          List.of(F_NAME, F_DESCRIPTION));

  private static final int WALK_BATCH = 500;

  private JdbcFolders() {}

  static Condition below(String path) {
    return F_PATH.gt(path + "/").and(F_PATH.lt(path + "0"));
  }

  static Condition subtree(FolderRow f) {
    return F_ID.eq(f.id()).or(below(f.path()));
  }

  static Select<org.jooq.Record1<String>> subtreeIds(FolderRow f) {
    return select(F_ID).from(FOLDERS).where(subtree(f));
  }

  static Optional<FolderRow> byId(DSLContext t, String id, Function<Record, FolderRow> map) {
    return t.select(FOLDER_ROW).from(FOLDERS).where(F_ID.eq(id)).fetchOptional(map::apply);
  }

  static FolderRow insert(DSLContext t, FolderRow r, int maxDepth, Function<Record, FolderRow> map)
      throws TreeException {
    String parentPath = "";
    int depth = 1;
    if (r.parentId() != null) {
      FolderRow parent =
          byId(t, r.parentId(), map).orElseThrow(() -> new TreeException(Reason.PARENT_NOT_FOUND));
      parentPath = parent.path();
      depth = parent.depth() + 1;
    }
    if (depth > maxDepth) {
      throw new TreeException(Reason.TOO_DEEP);
    }
    FolderRow row =
        new FolderRow(
            r.id(),
            r.name(),
            r.parentId(),
            parentPath + "/" + r.name(),
            depth,
            r.description(),
            r.created(),
            r.updated(),
            r.createdBy());
    t.insertInto(FOLDERS)
        .set(F_ID, row.id())
        .set(F_NAME, row.name())
        .set(F_PARENT, row.parentId())
        .set(F_PATH, row.path())
        .set(F_DEPTH, row.depth())
        .set(F_DESCRIPTION, row.description())
        .set(F_CREATED, row.created())
        .set(F_UPDATED, row.updated())
        .set(F_BY_TYPE, row.createdBy() == null ? null : row.createdBy().type())
        .set(F_BY_ID, row.createdBy() == null ? null : row.createdBy().id())
        .execute();
    return row;
  }

  static FolderRow update(
      DSLContext t, FolderRow wanted, int maxDepth, Function<Record, FolderRow> map)
      throws TreeException {
    FolderRow current =
        byId(t, wanted.id(), map).orElseThrow(() -> new TreeException(Reason.NOT_FOUND));
    String parentPath = "";
    int depth = 1;
    if (wanted.parentId() != null) {
      FolderRow parent =
          byId(t, wanted.parentId(), map)
              .orElseThrow(() -> new TreeException(Reason.PARENT_NOT_FOUND));
      if (parent.id().equals(current.id()) || parent.path().startsWith(current.path() + "/")) {
        throw new TreeException(Reason.CYCLE);
      }
      parentPath = parent.path();
      depth = parent.depth() + 1;
    }
    String newPath = parentPath + "/" + wanted.name();
    int delta = depth - current.depth();
    Integer deepest =
        t.select(max(F_DEPTH)).from(FOLDERS).where(subtree(current)).fetchOne(0, Integer.class);
    if ((deepest == null ? current.depth() : deepest) + delta > maxDepth) {
      throw new TreeException(Reason.TOO_DEEP);
    }
    t.update(FOLDERS)
        .set(F_NAME, wanted.name())
        .set(F_PARENT, wanted.parentId())
        .set(F_PATH, newPath)
        .set(F_DEPTH, depth)
        .set(F_DESCRIPTION, wanted.description())
        .set(F_UPDATED, wanted.updated())
        .where(F_ID.eq(current.id()))
        .execute();
    if (!newPath.equals(current.path())) {
      // SQL SUBSTR counts characters (code points), not UTF-16 units as String.length() does.
      int cut = current.path().codePointCount(0, current.path().length()) + 1;
      t.update(FOLDERS)
          .set(F_PATH, val(newPath).concat(org.jooq.impl.DSL.substring(F_PATH, cut)))
          .set(F_DEPTH, F_DEPTH.plus(delta))
          .where(below(current.path()))
          .execute();
    }
    return byId(t, current.id(), map).orElseThrow();
  }

  static List<String> delete(
      DSLContext t, String id, boolean recursive, Function<Record, FolderRow> map)
      throws TreeException {
    FolderRow f = byId(t, id, map).orElseThrow(() -> new TreeException(Reason.NOT_FOUND));
    if (!recursive
        && (t.fetchExists(FOLDERS, F_PARENT.eq(id)) || t.fetchExists(ASSETS, A_FOLDER.eq(id)))) {
      throw new TreeException(Reason.NOT_EMPTY);
    }
    // Locking the subtree's rows makes an asset insert or move into one of these folders either
    // finish first (and be deleted below) or wait and then fail its foreign key.
    JdbcSupport.forUpdate(t, t.select(F_ID).from(FOLDERS).where(subtree(f))).fetch();
    Condition inSubtree = A_FOLDER.in(subtreeIds(f));
    List<String> keys = t.select(A_BLOB_KEY).from(ASSETS).where(inSubtree).fetch(A_BLOB_KEY);
    t.deleteFrom(ASSET_TAGS)
        .where(T_ASSET.in(select(A_ID).from(ASSETS).where(inSubtree)))
        .execute();
    t.deleteFrom(ASSETS).where(inSubtree).execute();
    t.deleteFrom(FOLDERS).where(subtree(f)).execute();
    return keys;
  }

  /**
   * Streams the rows: inside a transaction with a fetch size, PostgreSQL's driver reads them in
   * batches through a cursor instead of loading the whole subtree first (SQLite always streams).
   */
  static void walk(
      DSLContext read,
      FolderRow root,
      Function<Record, FolderRow> folderMap,
      Consumer<FolderRow> folders,
      Consumer<AssetRow> assets) {
    read.transaction(
        tx -> {
          DSLContext t = tx.dsl();
          try (var c =
              t.select(FOLDER_ROW)
                  .from(FOLDERS)
                  .where(subtree(root))
                  .orderBy(F_PATH)
                  .fetchSize(WALK_BATCH)
                  .fetchLazy()) {
            c.forEach(r -> folders.accept(folderMap.apply(r)));
          }
          AssetRows.forEach(
              t.select(ASSET_ROW)
                  .from(ASSETS)
                  .join(FOLDERS)
                  .on(F_ID.eq(A_FOLDER))
                  .where(subtree(root))
                  .orderBy(F_PATH, A_NAME)
                  .fetchSize(WALK_BATCH),
              assets);
        });
  }
}
