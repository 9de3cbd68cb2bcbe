package dev.assetstore.db;

import java.util.List;

/** One page of rows; {@code more} says whether another row follows; total is -1 if not counted. */
public record Slice<T>(List<T> items, boolean more, long total) {}
