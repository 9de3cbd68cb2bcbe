package dev.assetstore.http;

import dev.assetstore.db.Actor;
import dev.assetstore.db.ApiKeyRow;
import dev.assetstore.db.AssetRow;
import dev.assetstore.db.FolderRow;
import dev.assetstore.db.ShareRow;
import dev.assetstore.store.Times;
import dev.assetstore.store.assets.AssetRecord;
import dev.assetstore.store.auth.ActorView;
import dev.assetstore.store.folders.FolderRecord;
import dev.assetstore.store.listing.Page;
import dev.assetstore.store.shares.ShareAccess;
import dev.assetstore.store.shares.ShareRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The JSON shapes of API.md: AssetRead, FolderRead, ApiKeyRead and the cursor page. */
public final class Views {
  private Views() {}

  public static <T> Map<String, Object> page(Page<T> page, Function<T, Object> item) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("items", page.items().stream().map(item).toList());
    m.put("next_cursor", page.nextCursor());
    m.put("next_page", page.nextPage());
    m.put("limit", page.limit());
    m.put("collection_total", page.total());
    return m;
  }

  /** AssetRead; written straight to JSON ({@link AssetJson}), as lists hold many. */
  public static Object asset(AssetRecord rec, boolean hydrate) {
    return new AssetJson(rec, hydrate);
  }

  public static Map<String, Object> folder(FolderRecord rec, boolean hydrate) {
    Map<String, Object> m = folder(rec.row());
    if (hydrate && rec.parent() != null) {
      m.put("parent", folder(rec.parent()));
    }
    m.put("created_by", createdBy(rec.row().createdBy(), rec.createdBy(), hydrate));
    return m;
  }

  /** A nested FolderRead: its own references stay IDs (hydration is one level deep). */
  public static Map<String, Object> folder(FolderRow f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", f.id());
    m.put("type", "folder");
    m.put("name", f.name());
    m.put("parent", f.parentId());
    m.put("path", f.path());
    m.put("description", f.description());
    m.put("created", Times.format(f.created()));
    m.put("updated", Times.format(f.updated()));
    m.put("created_by", f.createdBy() == null ? null : f.createdBy().id());
    m.put("url", "/api/store/folder/" + f.id());
    return m;
  }

  /** ShareRead (owner's view), plus {@code token} right after creation. */
  public static Map<String, Object> share(ShareRecord rec, boolean hydrate, long now) {
    ShareRow r = rec.row();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("type", "share");
    m.put("name", r.name());
    m.put("target_type", r.targetType());
    m.put("asset", hydrate && rec.asset() != null ? asset(rec.asset(), false) : r.assetId());
    m.put("folder", hydrate && rec.folder() != null ? folder(rec.folder().row()) : r.folderId());
    m.put("expires", r.expires() == null ? null : Times.format(r.expires()));
    m.put("password_protected", r.passwordHash() != null);
    m.put("recipients", r.recipients());
    m.put("max_downloads", r.maxDownloads());
    m.put("message", r.message());
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("views", r.views());
    stats.put("downloads", r.downloads());
    stats.put("failed_attempts", r.failedAttempts());
    stats.put("last_accessed", r.lastAccessed() == null ? null : Times.format(r.lastAccessed()));
    m.put("statistics", stats);
    m.put("active", rec.active(now));
    m.put("access_url", rec.accessUrl());
    m.put("created", Times.format(r.created()));
    m.put("updated", Times.format(r.updated()));
    m.put("created_by", createdBy(r.createdBy(), rec.createdBy(), hydrate));
    return m;
  }

  /** AssetRead-public: no creator, no metadata, nothing above the shared folder. */
  public static Map<String, Object> publicAsset(AssetRow a, ShareAccess access, String fullPath) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("type", "asset");
    m.put("name", a.name());
    m.put("content_type", a.contentType());
    m.put("size", a.size());
    m.put("sha256", a.sha256());
    m.put("crc32", a.crc32());
    m.put("folder", access.root() == null ? null : a.folderId());
    m.put("path", access.publicPath(fullPath));
    m.put("description", a.description());
    m.put("tags", a.tags());
    m.put("created", Times.format(a.created()));
    m.put("updated", Times.format(a.updated()));
    m.put("download_url", "/api/share/access/download?id=" + a.id());
    return m;
  }

  /** FolderRead-public: the shared folder's parent and the path above it are not shown. */
  public static Map<String, Object> publicFolder(FolderRow f, ShareAccess access) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", f.id());
    m.put("type", "folder");
    m.put("name", f.name());
    m.put("parent", f.id().equals(access.root().id()) ? null : f.parentId());
    m.put("path", access.publicPath(f.path()));
    m.put("description", f.description());
    m.put("created", Times.format(f.created()));
    m.put("updated", Times.format(f.updated()));
    m.put("download_url", "/api/share/access/folder/" + f.id() + "/download");
    return m;
  }

  public static Map<String, Object> apiKey(ApiKeyRow k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", k.id());
    m.put("type", "api_key");
    m.put("label", k.label());
    m.put("prefix", k.prefix());
    m.put("scopes", k.scopes());
    m.put("expires", k.expires() == null ? null : Times.format(k.expires()));
    m.put("last_used", k.lastUsed() == null ? null : Times.format(k.lastUsed()));
    m.put("created", Times.format(k.created()));
    m.put("updated", Times.format(k.updated()));
    m.put("created_by", k.createdBy() == null ? null : k.createdBy().id());
    return m;
  }

  private static Object createdBy(Actor actor, ActorView view, boolean hydrate) {
    if (actor == null) {
      return null;
    }
    if (!hydrate || view == null) {
      return actor.id();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", view.id());
    m.put("type", view.type());
    m.put("name", view.name());
    return m;
  }
}
