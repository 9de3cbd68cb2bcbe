package dev.assetstore.store.listing;

import java.util.List;

/** The cursor-page envelope of every list (API.md §4). */
public record Page<T>(
    List<T> items, String nextCursor, boolean nextPage, int limit, long total, boolean hydrate) {}
