package dev.assetstore.db;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The folder tree. Moves, renames and deletes are single atomic operations here, because their
 * checks (cycles, depth, emptiness) must hold against concurrent writers, not only at the time a
 * service looked.
 */
public interface FolderStore {

  Optional<FolderRow> folder(String id);

  List<FolderRow> folders(Collection<String> ids);

  Optional<FolderRow> folderByPath(String path);

  Slice<FolderRow> listFolders(ListQuery query);

  /** Inserts a folder; its path and depth are derived from the parent inside the transaction. */
  FolderRow insertFolder(FolderRow row, int maxDepth) throws NameConflictException, TreeException;

  /**
   * Renames and/or moves a folder and rewrites the paths and depths of its whole subtree in the
   * same transaction; returns the updated row.
   */
  FolderRow updateFolder(FolderRow wanted, int maxDepth)
      throws NameConflictException, TreeException;

  /**
   * Deletes a folder. Without {@code recursive} a folder holding anything fails with {@link
   * TreeException.Reason#NOT_EMPTY}. Returns the blob keys of the deleted assets, to be removed
   * after the commit.
   */
  List<String> deleteFolder(String id, boolean recursive) throws TreeException;

  /** Folders of the subtree (root first, then by path) and their assets, for archives. */
  void walkSubtree(FolderRow root, Consumer<FolderRow> folders, Consumer<AssetRow> assets);

  Optional<AssetRow> assetByName(String folderId, String name);

  /** Why a tree operation was refused. */
  final class TreeException extends Exception {
    public enum Reason {
      NOT_FOUND,
      PARENT_NOT_FOUND,
      CYCLE,
      TOO_DEEP,
      NOT_EMPTY
    }

    private final Reason reason;

    public TreeException(Reason reason) {
      super(reason.name(), null, false, false);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }
}
