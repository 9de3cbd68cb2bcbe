package dev.assetstore.db.jdbc;

import static dev.assetstore.db.jdbc.JdbcSupport.guard;
import static dev.assetstore.db.jdbc.JdbcSupport.withIds;
import static dev.assetstore.db.jdbc.Tables.*;

import dev.assetstore.db.AssetRow;
import dev.assetstore.db.FolderRow;
import dev.assetstore.db.FolderStore.TreeException;
import dev.assetstore.db.ListQuery;
import dev.assetstore.db.NameConflictException;
import dev.assetstore.db.Slice;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;

/**
 * The folder half of {@link JdbcMetadataStore}: reads through a cache of folder rows, and tree
 * changes one at a time (the SQL itself is in {@link JdbcFolders}).
 */
final class JdbcFolderStore {
  private final SqlDialect dialect;
  private final DSLContext read;
  private final DSLContext write;
  private final RowCache<FolderRow> cache;

  JdbcFolderStore(SqlDialect dialect, DSLContext read, DSLContext write) {
    this.dialect = dialect;
    this.read = read;
    this.write = write;
    this.cache = new RowCache<>(dialect.embedded(), FolderRow::id);
  }

  Optional<FolderRow> byId(String id) {
    return cache.get(
        id,
        one ->
            guard(
                () ->
                    read.select(FOLDER_ROW)
                        .from(FOLDERS)
                        .where(F_ID.eq(one))
                        .fetchOptional(JdbcFolderStore::row)));
  }

  List<FolderRow> byIds(Collection<String> ids) {
    return cache.get(
        ids, missing -> withIds(read, FOLDERS, FOLDER_ROW, F_ID, missing, JdbcFolderStore::row));
  }

  Optional<FolderRow> byPath(String path) {
    return guard(
        () ->
            read.select(FOLDER_ROW)
                .from(FOLDERS)
                .where(F_PATH.eq(path))
                .fetchOptional(JdbcFolderStore::row));
  }

  Slice<FolderRow> list(ListQuery q) {
    return ListSql.fetchList(read, JdbcFolders.COLUMNS, q, JdbcFolderStore::row);
  }

  FolderRow insert(FolderRow row, int maxDepth) throws NameConflictException, TreeException {
    return treeGuard(() -> treeTx(t -> JdbcFolders.insert(t, row, maxDepth, JdbcFolderStore::row)));
  }

  FolderRow update(FolderRow wanted, int maxDepth) throws NameConflictException, TreeException {
    try {
      return treeGuard(
          () -> treeTx(t -> JdbcFolders.update(t, wanted, maxDepth, JdbcFolderStore::row)));
    } finally {
      // A rename or move rewrites the path of every folder below.
      cache.forgetAll();
    }
  }

  /** Deletes the folder (and with {@code recursive} its subtree); returns the freed blob keys. */
  List<String> delete(String id, boolean recursive) throws TreeException {
    try {
      return treeGuard(
          () -> treeTx(t -> JdbcFolders.delete(t, id, recursive, JdbcFolderStore::row)));
    } catch (NameConflictException e) {
      throw new IllegalStateException(e);
    } finally {
      cache.forgetAll();
    }
  }

  void walk(FolderRow root, Consumer<FolderRow> folders, Consumer<AssetRow> assets) {
    guard(
        () -> {
          JdbcFolders.walk(read, root, JdbcFolderStore::row, folders, assets);
          return null;
        });
  }

  /** Carries a checked {@link TreeException} out of a jOOQ transaction lambda. */
  private static final class TreeFailure extends RuntimeException {
    final TreeException cause;

    TreeFailure(TreeException cause) {
      super(null, null, false, false);
      this.cause = cause;
    }
  }

  private interface TreeWork<T> {
    T run(DSLContext tx) throws TreeException;
  }

  /**
   * A transaction that changes the folder tree. Tree changes take one lock shared by every node and
   * run one at a time: a move rewrites the paths of a whole subtree, and its cycle and depth
   * checks, like a new folder's path, are only sound if no other move runs meanwhile.
   */
  private <T> T treeTx(TreeWork<T> work) {
    return write.transactionResult(
        tx -> {
          DSLContext t = tx.dsl();
          dialect.serialize(t, "folder-tree");
          try {
            return work.run(t);
          } catch (TreeException e) {
            throw new TreeFailure(e);
          }
        });
  }

  private <T> T treeGuard(Supplier<T> body) throws NameConflictException, TreeException {
    try {
      return JdbcSupport.unique(dialect, body);
    } catch (TreeFailure f) {
      throw f.cause;
    } catch (DataAccessException e) {
      if (e.getCause() instanceof TreeFailure f) {
        throw f.cause;
      }
      throw e;
    }
  }

  private static FolderRow row(Record r) {
    return new FolderRow(
        r.get(F_ID),
        r.get(F_NAME),
        r.get(F_PARENT),
        r.get(F_PATH),
        r.get(F_DEPTH),
        r.get(F_DESCRIPTION),
        r.get(F_CREATED),
        r.get(F_UPDATED),
        JdbcSupport.actor(r.get(F_BY_TYPE), r.get(F_BY_ID)));
  }
}
