package dev.assetstore.store.assets;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What was recently read about assets: single-asset downloads resolved in the last second (a hot
 * asset costs no query and no hop to a virtual thread) and list totals counted in the last thirty
 * seconds (a count walks every match; the page itself reads 50 rows). Every asset write on this
 * node (upload, metadata update, delete, recursive folder delete) forgets what it could change
 * before it returns. Only a node that is the database's only writer may remember: with several
 * nodes on one PostgreSQL database nothing is remembered, so a change made through one node is seen
 * at once through every other (docs/decisions.md).
 */
public final class RecentAssets {
  static final long TTL_NANOS = 1_000_000_000L;

  /**
   * Only a safety net: a total is forgotten by every asset write on this node, which on the sole
   * writer is every change. A recount every two seconds, the former TTL, cost the benchmark's
   * {@code include_total=true} rows their p99 (bench/PROFILE.md, 2026-11-28).
   */
  static final long COUNT_TTL_NANOS = 30_000_000_000L;

  private static final int MAX = 10_000;

  private record Entry(Download.Single download, long until) {}

  private record Count(long total, long until) {}

  private final boolean enabled;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Object, Count> counts = new ConcurrentHashMap<>();

  /** Assets up to this size are answered from memory: no file open, no sendfile, no blob GET. */
  static final int SMALL_BODY = 16 * 1024;

  private static final int MAX_BODIES = 512;

  /**
   * Whole contents of small blobs by blob key, at most {@code MAX_BODIES × SMALL_BODY} = 8 MiB. A
   * blob key's bytes never change, so these need no expiry; they are only reached through an entry
   * above, which is forgotten when its asset changes.
   */
  private final ConcurrentHashMap<String, byte[]> bodies = new ConcurrentHashMap<>();

  /** Bumped by every forget, so a lookup that raced a change does not cache what it read. */
  private final AtomicLong generation = new AtomicLong();

  /** {@code enabled}: this node is the only writer, so its own writes are all the changes. */
  public RecentAssets(boolean enabled) {
    this.enabled = enabled;
  }

  Download.Single get(String id) {
    if (!enabled) {
      return null;
    }
    Entry e = entries.get(id);
    if (e == null || e.until - System.nanoTime() < 0) {
      return null;
    }
    return e.download;
  }

  byte[] body(String blobKey) {
    return bodies.get(blobKey);
  }

  void putBody(String blobKey, byte[] body) {
    if (!enabled || body.length > SMALL_BODY) {
      return;
    }
    if (bodies.size() >= MAX_BODIES) {
      bodies.clear();
    }
    bodies.put(blobKey, body);
  }

  /** Whether this node may remember what it read (it is the database's only writer). */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Read before the database lookup whose result is then offered to {@link #put}; bumped by every
   * asset write on this node, so anything remembered at an older generation may be stale.
   */
  public long generation() {
    return generation.get();
  }

  void put(String id, Download.Single d, long readAt) {
    if (!enabled || generation.get() != readAt) {
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

  /** A total counted within the TTL for this filter key, or null. */
  Long count(Object key) {
    Count c = counts.get(key);
    return c == null || c.until - System.nanoTime() < 0 ? null : c.total;
  }

  void putCount(Object key, long total, long readAt) {
    if (!enabled || generation.get() != readAt) {
      return;
    }
    if (counts.size() >= MAX) {
      counts.clear();
    }
    Count c = new Count(total, System.nanoTime() + COUNT_TTL_NANOS);
    counts.put(key, c);
    if (generation.get() != readAt) {
      counts.remove(key, c);
    }
  }

  /** After an asset has been added: totals may have changed. */
  public void added() {
    generation.incrementAndGet();
    counts.clear();
  }

  /** After a change to this asset has been committed. */
  public void forget(String id) {
    generation.incrementAndGet();
    entries.remove(id);
    counts.clear();
  }

  /** After a change to an unknown set of assets (a subtree delete) has been committed. */
  public void forgetAll() {
    generation.incrementAndGet();
    entries.clear();
    counts.clear();
  }
}
