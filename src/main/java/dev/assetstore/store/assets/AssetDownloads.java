package dev.assetstore.store.assets;

import dev.assetstore.blob.BlobStore;
import dev.assetstore.db.AssetRow;
import dev.assetstore.db.MetadataStore;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.Ids;
import dev.assetstore.store.ValidationError;
import dev.assetstore.store.zip.ZipEntrySpec;
import dev.assetstore.store.zip.ZipLayout;
import dev.assetstore.store.zip.ZipNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Plans asset downloads for {@link AssetService}: one asset as itself (from {@link RecentAssets}
 * when it can), several as a ZIP laid out in advance. Blocking.
 */
final class AssetDownloads {
  static final int MAX_IDS = 1000;

  private final MetadataStore store;
  private final BlobStore blobs;
  private final RecentAssets recent;

  AssetDownloads(MetadataStore store, BlobStore blobs, RecentAssets recent) {
    this.store = store;
    this.blobs = blobs;
    this.recent = recent;
  }

  /**
   * A single-asset download answered from {@link RecentAssets} without blocking; empty means "ask
   * {@link #plan}".
   */
  Optional<Download> cached(List<String> rawIds) {
    if (rawIds == null || rawIds.size() != 1) {
      return Optional.empty();
    }
    return Optional.ofNullable(recent.get(rawIds.getFirst()));
  }

  Download plan(List<String> rawIds) {
    if (rawIds != null && rawIds.size() == 1) {
      String id = rawIds.getFirst();
      Download.Single hit = recent.get(id);
      if (hit != null) {
        return hit;
      }
      if (Ids.isValid(id)) {
        long readAt = recent.generation();
        AssetRow a = store.asset(id).orElseThrow(() -> ApiError.notFound("Asset"));
        Download.Single d =
            new Download.Single(a, blobs.localPath(a.blobKey()).orElse(null), smallBody(a));
        recent.put(id, d, readAt);
        return d;
      }
    }
    if (rawIds == null || rawIds.isEmpty()) {
      throw ValidationError.of("query", "id", "Field required", "missing");
    }
    LinkedHashSet<String> ids = new LinkedHashSet<>(rawIds);
    if (ids.size() > MAX_IDS) {
      throw ValidationError.of(
          "query", "id", "At most " + MAX_IDS + " ids per download", "too_long");
    }
    for (String id : ids) {
      if (!Ids.isValid(id)) {
        throw ApiError.notFound("Asset");
      }
    }
    Map<String, AssetRow> found =
        store.assets(ids).stream().collect(Collectors.toMap(AssetRow::id, Function.identity()));
    if (found.size() != ids.size()) {
      throw ApiError.notFound("Asset");
    }
    if (ids.size() == 1) {
      AssetRow a = found.values().iterator().next();
      return new Download.Single(a, blobs.localPath(a.blobKey()).orElse(null));
    }
    ZipNames names = new ZipNames();
    List<ZipEntrySpec> entries = new ArrayList<>(ids.size());
    for (String id : ids) {
      AssetRow a = found.get(id);
      entries.add(
          new ZipEntrySpec(
              names.file("", a.name()),
              a.size(),
              a.crc32(),
              a.blobKey(),
              a.created() / 1000,
              blobs.localPath(a.blobKey()).orElse(null)));
    }
    return new Download.Archive("assets.zip", entries, ZipLayout.length(entries));
  }

  /** The whole content of a small asset (read once per blob), or null. */
  private byte[] smallBody(AssetRow a) {
    if (a.size() > RecentAssets.SMALL_BODY) {
      return null;
    }
    byte[] body = recent.body(a.blobKey());
    if (body != null) {
      return body;
    }
    try (InputStream in = blobs.open(a.blobKey(), 0, a.size())) {
      body = in.readNBytes((int) a.size() + 1);
    } catch (IOException | RuntimeException e) {
      // Sent the usual way, which reports the problem.
      return null;
    }
    if (body.length != a.size()) {
      return null;
    }
    recent.putBody(a.blobKey(), body);
    return body;
  }

  InputStream open(String blobKey, long offset, long length) {
    try {
      return blobs.open(blobKey, offset, length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
