package dev.assetstore.db.jdbc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Rows by id that this process read recently, for the look-ups every list page repeats (the folders
 * of its assets, for their paths; the API keys and users that created them). Only the database's
 * only writer remembers anything: every write through this store forgets what it may have changed
 * before it returns, so on SQLite its own changes are all the changes there are. With several nodes
 * on one PostgreSQL database nothing is remembered (docs/decisions.md). The TTL only bounds what an
 * offline command writing the same file while the server runs could leave stale.
 */
final class RowCache<T> {
  static final long TTL_NANOS = 5_000_000_000L;
  private static final int MAX = 10_000;

  private record Entry<T>(T row, long until) {}

  private final boolean enabled;
  private final Function<T, String> idOf;
  private final ConcurrentHashMap<String, Entry<T>> rows = new ConcurrentHashMap<>();

  /** Bumped by every forget, so a read that raced a write does not remember what it read. */
  private final AtomicLong generation = new AtomicLong();

  RowCache(boolean enabled, Function<T, String> idOf) {
    this.enabled = enabled;
    this.idOf = idOf;
  }

  /**
   * The rows among {@code ids} that exist, each once (as an {@code IN} query returns them):
   * remembered ones, the rest by one {@code load}; none asked, none read.
   */
  List<T> get(Collection<String> ids, Function<Collection<String>, List<T>> load) {
    if (ids.isEmpty()) {
      return List.of();
    }
    if (!enabled) {
      return load.apply(ids);
    }
    long now = System.nanoTime();
    List<T> out = new ArrayList<>(ids.size());
    List<String> missing = new ArrayList<>();
    for (String id : ids instanceof Set<String> unique ? unique : new LinkedHashSet<>(ids)) {
      Entry<T> e = rows.get(id);
      if (e != null && e.until - now > 0) {
        out.add(e.row);
      } else {
        missing.add(id);
      }
    }
    if (!missing.isEmpty()) {
      long readAt = generation.get();
      List<T> loaded = load.apply(missing);
      for (T row : loaded) {
        remember(row, readAt, now);
      }
      out.addAll(loaded);
    }
    return out;
  }

  Optional<T> get(String id, Function<String, Optional<T>> load) {
    if (!enabled) {
      return load.apply(id);
    }
    long now = System.nanoTime();
    Entry<T> e = rows.get(id);
    if (e != null && e.until - now > 0) {
      return Optional.of(e.row);
    }
    long readAt = generation.get();
    Optional<T> row = load.apply(id);
    row.ifPresent(r -> remember(r, readAt, now));
    return row;
  }

  private void remember(T row, long readAt, long now) {
    if (generation.get() != readAt) {
      return;
    }
    if (rows.size() >= MAX) {
      rows.clear();
    }
    String id = idOf.apply(row);
    Entry<T> e = new Entry<>(row, now + TTL_NANOS);
    rows.put(id, e);
    if (generation.get() != readAt) {
      // A write committed while we were remembering: drop what may be stale.
      rows.remove(id, e);
    }
  }

  /** After a write to this row has committed (or failed: forgetting is always safe). */
  void forget(String id) {
    generation.incrementAndGet();
    rows.remove(id);
  }

  /** After a write that may change many rows (a folder move rewrites a subtree's paths). */
  void forgetAll() {
    generation.incrementAndGet();
    rows.clear();
  }
}
