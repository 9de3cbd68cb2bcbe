package dev.assetstore.store.listing;

import dev.assetstore.db.ListQuery;
import dev.assetstore.db.Slice;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Builds the page envelope and the next cursor from a storage slice. */
public final class Pages {
  private Pages() {}

  public static <T, V> Page<V> of(
      ListRequest req,
      Slice<T> slice,
      List<V> views,
      BiFunction<T, String, Object> sortValue,
      Function<T, String> id,
      Cursors cursors) {
    ListQuery q = req.query();
    String next = null;
    if (slice.more() && !slice.items().isEmpty()) {
      T last = slice.items().getLast();
      next =
          cursors.encode(
              new Cursors.Position(
                  q.sortBy(),
                  q.descending(),
                  req.filterHash(),
                  new ListQuery.Keyset(sortValue.apply(last, q.sortBy()), id.apply(last))));
    }
    return new Page<>(
        views, next, next != null, q.limit(), Math.max(0, slice.total()), req.hydrate());
  }
}
