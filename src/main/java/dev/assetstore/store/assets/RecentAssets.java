package dev.assetstore.store.assets;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Single-asset downloads resolved in the last second, so a hot asset costs no query and no hop to a
 * virtual thread. Every change on this node that could alter what a download sends (metadata
 * update, delete, recursive folder delete) forgets the entry before it returns; other nodes sharing
 * the database see such a change within {@link #TTL_NANOS} (docs/decisions.md).
 */
public final class RecentAssets {
  static final long TTL_NANOS = 1_000_000_000L;
  private static final int MAX = 10_000;

  private record Entry(Download.Single download, long until) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** Bumped by every forget, so a lookup that raced a change does not cache what it read. */
  private final AtomicLong generation = new AtomicLong();

  Download.Single get(String id) {
    Entry e = entries.get(id);
    if (e == null || e.until - System.nanoTime() < 0) {
      return null;
    }
    return e.download;
  }

  /** Read before the database lookup whose result is then offered to {@link #put}. */
  long generation() {
    return generation.get();
  }

  void put(String id, Download.Single d, long readAt) {
    if (generation.get() != readAt) {
      return;
    }
    if (entries.size() >= MAX) {
      entries.clear();
    }
    Entry e = new Entry(d, System.nanoTime() + TTL_NANOS);
    entries.put(id, e);
    if (generation.get() != readAt) {
      // A change committed while we were putting: drop what may be stale.
      entries.remove(id, e);
    }
  }

  /** After a change to this asset has been committed. */
  public void forget(String id) {
    generation.incrementAndGet();
    entries.remove(id);
  }

  /** After a change to an unknown set of assets (a subtree delete) has been committed. */
  public void forgetAll() {
    generation.incrementAndGet();
    entries.clear();
  }
}
