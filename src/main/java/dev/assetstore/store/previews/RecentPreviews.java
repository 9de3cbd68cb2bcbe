package dev.assetstore.store.previews;

import dev.assetstore.store.assets.RecentAssets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Owners' previews found in the last second, by asset and parameters. A hit is only good while no
 * asset write happened on this node since it was read ({@link RecentAssets#generation()}): any
 * upload, change or delete makes every remembered preview a miss. Like {@link RecentAssets}, it
 * remembers only on a node that is the database's only writer, where its own writes are all the
 * changes (docs/decisions.md, "Cached previews").
 */
final class RecentPreviews {
  private static final long TTL_NANOS = 1_000_000_000L;
  private static final int MAX = 10_000;

  private record Entry(Preview preview, long generation, long until) {}

  private final RecentAssets assets;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  RecentPreviews(RecentAssets assets) {
    this.assets = assets;
  }

  long generation() {
    return assets.generation();
  }

  Preview get(String assetId, PreviewParams p) {
    if (!assets.enabled()) {
      return null;
    }
    Entry e = entries.get(key(assetId, p));
    if (e == null || e.generation != assets.generation() || e.until - System.nanoTime() < 0) {
      return null;
    }
    return e.preview;
  }

  void put(String assetId, PreviewParams p, Preview preview, long readAt) {
    if (!assets.enabled() || assets.generation() != readAt) {
      return;
    }
    if (entries.size() >= MAX) {
      entries.clear();
    }
    entries.put(key(assetId, p), new Entry(preview, readAt, System.nanoTime() + TTL_NANOS));
  }

  private static String key(String assetId, PreviewParams p) {
    return assetId + "/" + p.variant();
  }
}
