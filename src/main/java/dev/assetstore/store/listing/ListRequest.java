package dev.assetstore.store.listing;

import dev.assetstore.db.ListQuery;

/** A validated list request: the storage query plus presentation flags. */
public record ListRequest(ListQuery query, boolean hydrate, String filterHash) {}
