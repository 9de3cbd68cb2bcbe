package dev.assetstore.store.folders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.blob.BlobStore;
import dev.assetstore.db.Actor;
import dev.assetstore.db.AssetRow;
import dev.assetstore.db.FolderRow;
import dev.assetstore.db.FolderStore.TreeException;
import dev.assetstore.db.MetadataStore;
import dev.assetstore.db.NameConflictException;
import dev.assetstore.db.Slice;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.Ids;
import dev.assetstore.store.Times;
import dev.assetstore.store.ValidationError;
import dev.assetstore.store.assets.Download;
import dev.assetstore.store.auth.ActorView;
import dev.assetstore.store.auth.Creators;
import dev.assetstore.store.auth.Principal;
import dev.assetstore.store.listing.Cursors;
import dev.assetstore.store.listing.FilterTable;
import dev.assetstore.store.listing.ListParams;
import dev.assetstore.store.listing.ListRequest;
import dev.assetstore.store.listing.Page;
import dev.assetstore.store.listing.Pages;
import dev.assetstore.store.zip.ZipEntrySpec;
import dev.assetstore.store.zip.ZipLayout;
import dev.assetstore.store.zip.ZipNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Folders API's decisions (API.md §6). Every method blocks: call it off the event loop. */
public final class FolderService {
  public static final int MAX_DEPTH = 64;
  private static final Logger LOG = LoggerFactory.getLogger(FolderService.class);

  private final MetadataStore store;
  private final BlobStore blobs;
  private final Cursors cursors;
  private final Creators creators;
  private final dev.assetstore.store.assets.RecentAssets recentAssets;

  /** {@code recentAssets}: the asset download cache, forgotten after a recursive delete. */
  public FolderService(
      MetadataStore store,
      BlobStore blobs,
      Cursors cursors,
      Creators creators,
      dev.assetstore.store.assets.RecentAssets recentAssets) {
    this.recentAssets = recentAssets;
    this.store = store;
    this.blobs = blobs;
    this.cursors = cursors;
    this.creators = creators;
  }

  public Page<FolderRecord> list(Map<String, List<String>> params) {
    ListRequest req = ListParams.parse(params, FilterTable.FOLDERS, cursors);
    Slice<FolderRow> slice = store.listFolders(req.query());
    return Pages.of(
        req, slice, records(slice.items()), FolderService::sortValue, FolderRow::id, cursors);
  }

  private static Object sortValue(FolderRow f, String field) {
    return switch (field) {
      case "name" -> f.name();
      case "updated" -> f.updated();
      default -> f.created();
    };
  }

  public FolderRecord get(String id) {
    return records(List.of(row(id))).getFirst();
  }

  public FolderRow row(String id) {
    if (!Ids.isValid(id)) {
      throw ApiError.notFound("Folder");
    }
    return store.folder(id).orElseThrow(() -> ApiError.notFound("Folder"));
  }

  public List<FolderRecord> records(List<FolderRow> rows) {
    var parentIds =
        rows.stream().map(FolderRow::parentId).filter(Objects::nonNull).collect(Collectors.toSet());
    Map<String, FolderRow> parents =
        store.folders(parentIds).stream().collect(Collectors.toMap(FolderRow::id, f -> f));
    Map<Actor, ActorView> actors =
        creators.resolve(rows.stream().map(FolderRow::createdBy).toList());
    List<FolderRecord> out = new ArrayList<>(rows.size());
    for (FolderRow f : rows) {
      ActorView by = f.createdBy() == null ? null : actors.get(f.createdBy());
      out.add(new FolderRecord(f, f.parentId() == null ? null : parents.get(f.parentId()), by));
    }
    return out;
  }

  public FolderRecord create(Principal principal, JsonNode body) {
    FolderWrite w = FolderWrite.parse(body, true);
    requireParentId(w.parent());
    long now = Times.nowMicros();
    FolderRow wanted =
        new FolderRow(
            Ids.newId(),
            w.name(),
            w.parent(),
            null,
            0,
            w.description(),
            now,
            now,
            principal.actor());
    try {
      return records(List.of(store.insertFolder(wanted, MAX_DEPTH))).getFirst();
    } catch (NameConflictException e) {
      throw conflict(w.name());
    } catch (TreeException e) {
      throw treeError(e);
    }
  }

  public FolderRecord replace(String id, JsonNode body) {
    return change(id, FolderWrite.parse(body, true));
  }

  public FolderRecord patch(String id, JsonNode body) {
    return change(id, FolderWrite.parse(body, false));
  }

  private FolderRecord change(String id, FolderWrite w) {
    FolderRow current = row(id);
    if (w.setParent()) {
      requireParentId(w.parent());
    }
    FolderRow wanted =
        new FolderRow(
            current.id(),
            w.setName() ? w.name() : current.name(),
            w.setParent() ? w.parent() : current.parentId(),
            current.path(),
            current.depth(),
            w.setDescription() ? w.description() : current.description(),
            current.created(),
            Times.nowMicros(),
            current.createdBy());
    try {
      return records(List.of(store.updateFolder(wanted, MAX_DEPTH))).getFirst();
    } catch (NameConflictException e) {
      throw conflict(wanted.name());
    } catch (TreeException e) {
      throw treeError(e);
    }
  }

  private static void requireParentId(String parent) {
    if (parent != null && !Ids.isValid(parent)) {
      throw new ApiError(404, "Parent folder not found");
    }
  }

  private volatile Runnable assetsDeleted = () -> {};

  /** Run after a delete removed assets (previews free those of content now gone: issue 17). */
  public void onAssetsDeleted(Runnable listener) {
    this.assetsDeleted = listener;
  }

  /** Deletes the folder (and with {@code recursive} its subtree), then the subtree's bytes. */
  public void delete(String id, boolean recursive) {
    if (!Ids.isValid(id)) {
      throw ApiError.notFound("Folder");
    }
    List<String> keys;
    try {
      keys = store.deleteFolder(id, recursive);
    } catch (TreeException e) {
      throw treeError(e);
    } finally {
      if (recursive) {
        recentAssets.forgetAll();
      }
    }
    for (String key : keys) {
      try {
        blobs.delete(key);
      } catch (IOException | RuntimeException e) {
        // The records are gone; the startup sweep removes what could not be deleted now.
        LOG.warn("could not delete blob {}: {}", key, e.toString());
      }
    }
    if (!keys.isEmpty()) {
      assetsDeleted.run();
    }
  }

  /** The subtree as a STORED ZIP: entries under {@code <folder name>/<relative path>}. */
  public Download.Archive archive(String id) {
    return archive(row(id));
  }

  public Download.Archive archive(FolderRow root) {
    // Folders come parent first (ordered by path), so a parent's entry name is known before its
    // children's; directories claim their names before files, so a file never takes a name that
    // a sibling directory needs on disk.
    Map<String, String> prefixes = new HashMap<>();
    List<ZipEntrySpec> entries = new ArrayList<>();
    ZipNames names = new ZipNames();
    store.walkSubtree(
        root,
        f -> {
          String parent = f.id().equals(root.id()) ? "" : prefixes.get(f.parentId());
          String prefix = names.directory(parent, f.name());
          prefixes.put(f.id(), prefix);
          entries.add(new ZipEntrySpec(prefix, 0, 0, null, f.created() / 1000));
        },
        a -> {});
    store.walkSubtree(
        root, f -> {}, a -> entries.add(fileEntry(a, prefixes.get(a.folderId()), names)));
    return new Download.Archive(
        ZipNames.portable(root.name() + ".zip"), entries, ZipLayout.length(entries));
  }

  private ZipEntrySpec fileEntry(AssetRow a, String prefix, ZipNames names) {
    return new ZipEntrySpec(
        names.file(prefix, a.name()),
        a.size(),
        a.crc32(),
        a.blobKey(),
        a.created() / 1000,
        blobs.localPath(a.blobKey()).orElse(null));
  }

  private static ApiError conflict(String name) {
    return ApiError.conflict("A folder named '" + name + "' already exists here");
  }

  private static RuntimeException treeError(TreeException e) {
    return switch (e.reason()) {
      case NOT_FOUND -> ApiError.notFound("Folder");
      case PARENT_NOT_FOUND -> new ApiError(404, "Parent folder not found");
      case CYCLE ->
          ValidationError.of(
              "body",
              "parent",
              "A folder cannot be moved under itself or one of its descendants",
              "value_error");
      case TOO_DEEP ->
          ValidationError.of(
              "body",
              "parent",
              "Folders nest at most " + MAX_DEPTH + " levels deep",
              "value_error");
      case NOT_EMPTY ->
          ApiError.conflict("Folder is not empty; delete with recursive=true to remove it all");
    };
  }
}
