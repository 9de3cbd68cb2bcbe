package dev.assetstore.store.assets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.blob.BlobStore;
import dev.assetstore.blob.StoredBlob;
import dev.assetstore.db.Actor;
import dev.assetstore.db.AssetRow;
import dev.assetstore.db.FolderRow;
import dev.assetstore.db.ListQuery;
import dev.assetstore.db.MetadataStore;
import dev.assetstore.db.NameConflictException;
import dev.assetstore.db.Slice;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.Ids;
import dev.assetstore.store.Names;
import dev.assetstore.store.Times;
import dev.assetstore.store.ValidationError;
import dev.assetstore.store.auth.ActorView;
import dev.assetstore.store.auth.Creators;
import dev.assetstore.store.auth.Principal;
import dev.assetstore.store.listing.Cursors;
import dev.assetstore.store.listing.FilterTable;
import dev.assetstore.store.listing.ListParams;
import dev.assetstore.store.listing.ListRequest;
import dev.assetstore.store.listing.Page;
import dev.assetstore.store.listing.Pages;
import dev.assetstore.store.listing.QueryValues;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Assets API's decisions (API.md §5): reads, uploads, metadata changes and deletes here; the
 * upload form's fields are read by {@link UploadRows}, downloads planned by {@link AssetDownloads}.
 * Every method blocks: call it off the event loop.
 */
public final class AssetService {
  public static final int MAX_DOWNLOAD_IDS = AssetDownloads.MAX_IDS;
  private static final Logger LOG = LoggerFactory.getLogger(AssetService.class);
  private static final int MAX_RENAMES = 10_000;

  private final MetadataStore store;
  private final BlobStore blobs;
  private final Cursors cursors;
  private final Creators creators;
  private final long maxUploadBytes;
  private final RecentAssets recent;
  private final AssetDownloads downloads;
  private volatile java.util.function.Consumer<String> contentDeleted = sha256 -> {};

  public AssetService(
      MetadataStore store, BlobStore blobs, Cursors cursors, Creators creators, long maxUpload) {
    this.store = store;
    this.recent = new RecentAssets(store.soleWriter());
    this.blobs = blobs;
    this.cursors = cursors;
    this.creators = creators;
    this.maxUploadBytes = maxUpload;
    this.downloads = new AssetDownloads(store, blobs, recent);
  }

  /** Told the content's sha256 after each asset delete (previews free theirs: issue 17). */
  public void onContentDeleted(java.util.function.Consumer<String> listener) {
    this.contentDeleted = listener;
  }

  public long maxUploadBytes() {
    return maxUploadBytes;
  }

  /** The download cache, for services that remove assets in bulk (folder delete). */
  public RecentAssets recent() {
    return recent;
  }

  // ---- reads

  public Page<AssetRecord> list(Map<String, List<String>> params) {
    ListRequest req = ListParams.parse(params, FilterTable.ASSETS, cursors);
    ListQuery q = req.query();
    // A total depends on the filters alone, not on the sort or the page.
    Object countKey = q.countTotal() ? List.of(q.filters(), Objects.toString(q.q(), "")) : null;
    Long total = countKey == null ? null : recent.count(countKey);
    long readAt = recent.generation();
    Slice<AssetRow> slice =
        store.listAssets(
            total == null
                ? q
                : new ListQuery(
                    q.filters(), q.q(), q.sortBy(), q.descending(), q.after(), q.limit(), false));
    if (total != null) {
      slice = new Slice<>(slice.items(), slice.more(), total);
    } else if (countKey != null) {
      recent.putCount(countKey, slice.total(), readAt);
    }
    return Pages.of(
        req,
        slice,
        records(slice.items(), req.hydrate()),
        AssetService::sortValue,
        AssetRow::id,
        cursors);
  }

  private static Object sortValue(AssetRow r, String field) {
    return switch (field) {
      case "name" -> r.name();
      case "size" -> r.size();
      case "content_type" -> r.contentType();
      case "updated" -> r.updated();
      default -> r.created();
    };
  }

  public AssetRecord get(String id) {
    return records(List.of(row(id)), true).getFirst();
  }

  private AssetRow row(String id) {
    if (!Ids.isValid(id)) {
      throw ApiError.notFound("Asset");
    }
    return store.asset(id).orElseThrow(() -> ApiError.notFound("Asset"));
  }

  /** Records for rows: their folders (for paths) in one query, creators in another. */
  public List<AssetRecord> records(List<AssetRow> rows, boolean withCreators) {
    var folderIds =
        rows.stream().map(AssetRow::folderId).filter(Objects::nonNull).collect(Collectors.toSet());
    Map<String, FolderRow> folders =
        store.folders(folderIds).stream().collect(Collectors.toMap(FolderRow::id, f -> f));
    Map<Actor, ActorView> actors =
        withCreators ? creators.resolve(rows.stream().map(AssetRow::createdBy).toList()) : Map.of();
    List<AssetRecord> out = new ArrayList<>(rows.size());
    for (AssetRow r : rows) {
      ActorView by = r.createdBy() == null ? null : actors.get(r.createdBy());
      if (by == null && r.createdBy() != null) {
        by = new ActorView(r.createdBy().id(), r.createdBy().type(), null);
      }
      out.add(new AssetRecord(r, r.folderId() == null ? null : folders.get(r.folderId()), by));
    }
    return out;
  }

  // ---- upload

  /** Checks the query of an upload before its body is read. */
  public UploadTarget uploadTarget(Map<String, List<String>> params) {
    String onConflict = QueryValues.last(params, "on_conflict");
    if (onConflict != null && !onConflict.equals("rename") && !onConflict.equals("error")) {
      throw ValidationError.of(
          "query", "on_conflict", QueryValues.oneOf(List.of("rename", "error")), "literal_error");
    }
    String folder = QueryValues.last(params, "folder");
    if (folder != null && folder.isEmpty()) {
      folder = null;
    }
    if (folder != null) {
      requireFolder(folder);
    }
    return new UploadTarget(folder, !"error".equals(onConflict));
  }

  private void requireFolder(String id) {
    if (!Ids.isValid(id) || store.folder(id).isEmpty()) {
      throw ApiError.notFound("Folder");
    }
  }

  /**
   * Streams the file's bytes to the blob store; 413 past the limit, 507 when the storage is full,
   * 503 when it fails otherwise; in every case nothing is kept.
   */
  public StoredFile storeBytes(InputStream in) throws IOException {
    HeadCapture capture = new HeadCapture(in, maxUploadBytes);
    BlobWriteFailures.Source source = new BlobWriteFailures.Source(capture);
    try {
      StoredBlob blob = blobs.put(source);
      return new StoredFile(blob, capture.head());
    } catch (HeadCapture.TooLarge e) {
      throw tooLarge();
    } catch (IOException e) {
      if (source.threw()) {
        throw e;
      }
      LOG.warn("blob store failed while writing an upload: {}", e.toString());
      throw BlobWriteFailures.of(e);
    }
  }

  public ApiError tooLarge() {
    return new ApiError(413, "Upload exceeds the limit of " + maxUploadBytes + " bytes");
  }

  /** Removes bytes whose upload failed before a record was written. */
  public void discard(StoredFile file) {
    deleteBlob(file.blob().key());
  }

  /** Validates the form and writes the record; on any failure the stored bytes are removed. */
  public AssetRecord commitUpload(
      Principal principal, UploadTarget target, StoredFile file, UploadForm form) {
    boolean committed = false;
    try {
      AssetRow wanted = UploadRows.row(principal, target, file, form);
      AssetRow row =
          inExistingFolder(
              target.folderId(), () -> insertWithName(wanted, target.renameOnConflict()));
      committed = true;
      recent.added();
      return records(List.of(row), true).getFirst();
    } finally {
      if (!committed) {
        discard(file);
      }
    }
  }

  private AssetRow insertWithName(AssetRow row, boolean rename) {
    String base = row.name();
    for (int n = 0; n <= MAX_RENAMES; n++) {
      String candidate = n == 0 ? base : Names.numbered(base, n);
      if (n > 0 && store.assetNameTaken(row.folderId(), candidate)) {
        continue;
      }
      AssetRow attempt =
          row.withMetadata(
              candidate,
              row.folderId(),
              row.description(),
              row.tags(),
              row.metadataJson(),
              row.updated());
      try {
        store.insertAsset(attempt);
        return attempt;
      } catch (NameConflictException e) {
        if (!rename) {
          throw nameConflict(candidate);
        }
      }
    }
    throw nameConflict(base);
  }

  private static ApiError nameConflict(String name) {
    return ApiError.conflict("An asset named '" + name + "' already exists in this folder");
  }

  // ---- metadata changes

  public AssetRecord replace(String id, JsonNode body) {
    return change(id, AssetWrite.parse(body, true));
  }

  public AssetRecord patch(String id, JsonNode body) {
    return change(id, AssetWrite.parse(body, false));
  }

  private AssetRecord change(String id, AssetWrite w) {
    AssetRow current = row(id);
    String folder = w.setFolder() ? w.folder() : current.folderId();
    if (w.setFolder() && folder != null) {
      requireFolder(folder);
    }
    AssetRow next =
        current.withMetadata(
            w.setName() ? w.name() : current.name(),
            folder,
            w.setDescription() ? w.description() : current.description(),
            w.setTags() ? w.tags() : current.tags(),
            w.setMetadata() ? w.metadataJson() : current.metadataJson(),
            Times.nowMicros());
    boolean updated =
        inExistingFolder(
            folder,
            () -> {
              try {
                return store.updateAsset(next);
              } catch (NameConflictException e) {
                throw nameConflict(next.name());
              }
            });
    recent.forget(id);
    if (!updated) {
      throw ApiError.notFound("Asset");
    }
    return records(List.of(next), true).getFirst();
  }

  /**
   * Runs a write that puts an asset into {@code folderId}. The folder was checked before, but a
   * concurrent (recursive) delete may have removed it since: the database then refuses the write
   * (foreign key), and that is the client's 404, not a server error. Folder ids are never reused,
   * so a folder missing after the failure is the reason for it.
   */
  private <T> T inExistingFolder(String folderId, java.util.function.Supplier<T> write) {
    try {
      return write.get();
    } catch (ApiError e) {
      throw e;
    } catch (RuntimeException e) {
      if (folderId != null && store.folder(folderId).isEmpty()) {
        throw ApiError.notFound("Folder");
      }
      throw e;
    }
  }

  public void delete(String id) {
    if (!Ids.isValid(id)) {
      throw ApiError.notFound("Asset");
    }
    AssetRow row;
    try {
      row = store.deleteAsset(id).orElseThrow(() -> ApiError.notFound("Asset"));
    } finally {
      recent.forget(id);
    }
    deleteBlob(row.blobKey());
    contentDeleted.accept(row.sha256());
  }

  private void deleteBlob(String key) {
    try {
      blobs.delete(key);
    } catch (IOException | RuntimeException e) {
      // The record is gone; the startup sweep removes the orphaned bytes.
      LOG.warn("could not delete blob {}: {}", key, e.toString());
    }
  }

  // ---- downloads: AssetDownloads

  /**
   * A single-asset download answered from {@link RecentAssets} without blocking; empty means "ask
   * {@link #download}".
   */
  public Optional<Download> cachedDownload(List<String> rawIds) {
    return downloads.cached(rawIds);
  }

  /** One asset as itself, several as a ZIP; 404 if any is missing, 422 for a bad id list. */
  public Download download(List<String> rawIds) {
    return downloads.plan(rawIds);
  }

  public InputStream open(String blobKey, long offset, long length) {
    return downloads.open(blobKey, offset, length);
  }
}
