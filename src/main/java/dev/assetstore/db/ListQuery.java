package dev.assetstore.db;

import java.util.List;

/**
 * A keyset page request in storage terms: filters, an optional free-text {@code q}, the sort and
 * the position after which to continue.
 */
public record ListQuery(
    List<Filter> filters,
    String q,
    String sortBy,
    boolean descending,
    Keyset after,
    int limit,
    boolean countTotal) {

  /** The sort value and id of the last record of the previous page. */
  public record Keyset(Object value, String id) {}
}
