package dev.assetstore.store.shares;

import dev.assetstore.db.AssetRow;
import dev.assetstore.db.FieldType;
import dev.assetstore.db.Filter;
import dev.assetstore.db.FolderRow;
import dev.assetstore.db.ListQuery;
import dev.assetstore.db.MetadataStore;
import dev.assetstore.db.Op;
import dev.assetstore.db.ShareRow;
import dev.assetstore.db.Slice;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.Ids;
import dev.assetstore.store.Problem;
import dev.assetstore.store.Times;
import dev.assetstore.store.ValidationError;
import dev.assetstore.store.assets.AssetService;
import dev.assetstore.store.assets.Download;
import dev.assetstore.store.folders.FolderService;
import dev.assetstore.store.listing.Cursors;
import dev.assetstore.store.listing.Page;
import dev.assetstore.store.listing.QueryValues;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a recipient does with a share access token (API.md §8, {@code /api/share/access/*}): the
 * token checked against the live share, the shared folder browsed, downloads with their {@code
 * max_downloads} slots. Blocking.
 */
public final class RecipientAccess {
  private static final long SLOT_TTL_MICROS = 6L * 60 * 60 * 1_000_000;
  private static final long SLOT_WAIT_NANOS = 2_000_000_000L;
  private static final long SLOT_POLL_MILLIS = 50;

  private final MetadataStore store;
  private final AssetService assets;
  private final FolderService folders;
  private final Cursors cursors;
  private final AccessTokens tokens;

  RecipientAccess(
      MetadataStore store,
      AssetService assets,
      FolderService folders,
      Cursors cursors,
      AccessTokens tokens) {
    this.store = store;
    this.assets = assets;
    this.folders = folders;
    this.cursors = cursors;
    this.tokens = tokens;
  }

  /** Verifies a share access token against the live share: 401 when dead, 410 when used up. */
  public ShareAccess authorize(String token) {
    AccessTokens.Claims c = tokens.verify(token);
    long now = Times.nowMicros();
    ApiError dead =
        new ApiError(
            401,
            "Invalid or expired share access token",
            Map.of("WWW-Authenticate", "Bearer realm=\"share\""));
    if (c == null) {
      throw dead;
    }
    ShareRow r = store.share(c.shareId()).orElseThrow(() -> dead);
    if (r.epoch() != c.epoch() || !Objects.equals(r.targetId(), c.targetId())) {
      throw dead;
    }
    // The share's own state first: a token clipped to the share's expiry says 410, not 401.
    if (r.expires() != null && r.expires() <= now) {
      throw new ApiError(410, "This share has expired");
    }
    if (r.maxDownloads() != null && r.downloads() >= r.maxDownloads()) {
      throw new ApiError(410, "This share's downloads are used up");
    }
    if (c.expires() <= now) {
      throw dead;
    }
    return ShareAccess.load(store, r);
  }

  /** A cursor page of what lies directly in a folder of the share: folders first, then assets. */
  public Page<Object> items(ShareAccess a, Map<String, List<String>> params) {
    List<Problem> problems = new ArrayList<>();
    int limit = QueryValues.integer(params, "limit", 50, 1, 250, problems);
    if (!problems.isEmpty()) {
      throw new ValidationError(problems);
    }
    String folderId = QueryValues.last(params, "folder");
    if (a.root() == null) {
      // An asset share holds no folder: any folder asked for lies outside it.
      if (folderId != null) {
        throw ApiError.notFound("Folder");
      }
      ListedAsset only = new ListedAsset(a.asset(), "/" + a.asset().name());
      return new Page<>(List.of(only), null, false, limit, 1, false);
    }
    FolderRow folder = folderId == null ? a.root() : inside(a, folderId);
    String scope = Cursors.hash("items:" + folder.id());
    String phase = "folders";
    ListQuery.Keyset after = null;
    String cursor = QueryValues.last(params, "cursor");
    if (cursor != null && !cursor.isEmpty()) {
      Cursors.Position p = cursors.decode(cursor);
      if (p == null || !p.filterHash().equals(scope)) {
        throw ValidationError.of("query", "cursor", "Invalid cursor", "cursor_invalid");
      }
      phase = p.sortBy();
      after = p.keyset();
    }
    List<Object> items = new ArrayList<>();
    String next = null;
    long total =
        store.listFolders(children("parent", folder.id(), null, 1, true)).total()
            + store.listAssets(children("folder", folder.id(), null, 1, true)).total();
    if (phase.equals("folders")) {
      Slice<FolderRow> fs = store.listFolders(children("parent", folder.id(), after, limit, false));
      items.addAll(fs.items());
      if (fs.more()) {
        FolderRow last = fs.items().getLast();
        next = encode("folders", scope, last.name(), last.id());
      } else {
        phase = "assets";
        after = null;
      }
    }
    if (phase.equals("assets") && next == null && items.size() < limit) {
      Slice<AssetRow> as =
          store.listAssets(children("folder", folder.id(), after, limit - items.size(), false));
      for (AssetRow row : as.items()) {
        items.add(new ListedAsset(row, folder.path() + "/" + row.name()));
      }
      if (as.more()) {
        AssetRow last = as.items().getLast();
        next = encode("assets", scope, last.name(), last.id());
      }
    } else if (phase.equals("assets")
        && next == null
        && !store.listAssets(children("folder", folder.id(), null, 1, false)).items().isEmpty()) {
      next = encode("assets", scope, "", "");
    }
    return new Page<>(items, next, next != null, limit, total, false);
  }

  private String encode(String phase, String scope, String name, String id) {
    return cursors.encode(
        new Cursors.Position(phase, false, scope, new ListQuery.Keyset(name, id)));
  }

  private static ListQuery children(
      String field, String folderId, ListQuery.Keyset after, int limit, boolean count) {
    Filter f = new Filter(field, FieldType.ID, Op.EQ, List.of(folderId));
    return new ListQuery(List.of(f), null, "name", false, after, limit, count);
  }

  private FolderRow inside(ShareAccess a, String folderId) {
    if (!Ids.isValid(folderId)) {
      throw ApiError.notFound("Folder");
    }
    return store
        .folder(folderId)
        .filter(a::contains)
        .orElseThrow(() -> ApiError.notFound("Folder"));
  }

  /** Downloads assets of the share; any id outside it is 404, exactly like a missing one. */
  public Download download(ShareAccess a, List<String> rawIds) {
    if (rawIds != null) {
      for (String id : new LinkedHashSet<>(rawIds)) {
        if (!insideAsset(a, id)) {
          throw ApiError.notFound("Asset");
        }
      }
    }
    return assets.download(rawIds);
  }

  private boolean insideAsset(ShareAccess a, String id) {
    if (!Ids.isValid(id)) {
      return false;
    }
    if (a.asset() != null) {
      return a.asset().id().equals(id);
    }
    Optional<AssetRow> row = store.asset(id);
    if (row.isEmpty() || row.get().folderId() == null) {
      return false;
    }
    return store.folder(row.get().folderId()).map(a::contains).orElse(false);
  }

  public Download folderDownload(ShareAccess a, String folderId) {
    return folders.archive(inside(a, folderId));
  }

  /**
   * Before a recipient's download: for shares with {@code max_downloads} a slot is taken atomically
   * (410 when none is left). Returns the slot id, or null when no slot is needed.
   *
   * <p>While the downloads are not used up but every slot is held, it waits up to {@link
   * #SLOT_WAIT_NANOS} for one: the holder may be a transfer that is just ending — a Range fragment,
   * or an aborted download the server has not yet seen closed (a client that cancels and retries at
   * once) — and its slot comes back within milliseconds. A transfer that really is in flight either
   * completes (then it is 410) or fails (then this one gets its slot).
   */
  public String beginDownload(ShareAccess a) {
    if (a.share().maxDownloads() == null) {
      return null;
    }
    String slot = Ids.newId();
    long deadline = System.nanoTime() + SLOT_WAIT_NANOS;
    while (!store.takeDownloadSlot(a.share().id(), slot, Times.nowMicros(), SLOT_TTL_MICROS)) {
      boolean usedUp =
          store
              .share(a.share().id())
              .map(r -> r.maxDownloads() != null && r.downloads() >= r.maxDownloads())
              .orElse(true);
      if (usedUp || System.nanoTime() > deadline) {
        throw new ApiError(410, "This share's downloads are used up");
      }
      try {
        Thread.sleep(SLOT_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiError(410, "This share's downloads are used up");
      }
    }
    return slot;
  }

  /** After the transfer: counts it only if it completed. */
  public void finishDownload(ShareAccess a, String slot, boolean completed) {
    if (slot == null && !completed) {
      return;
    }
    store.finishDownload(a.share().id(), slot, completed, Times.nowMicros());
  }

  /** Opens a slice of a blob of this store (for downloads). */
  public java.io.InputStream open(String blobKey, long offset, long length) {
    return assets.open(blobKey, offset, length);
  }
}
