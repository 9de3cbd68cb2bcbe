package dev.assetstore.store.shares;

import dev.assetstore.db.AssetRow;

/** An asset in a share's item page, with its stored path (the public view cuts it down). */
public record ListedAsset(AssetRow row, String fullPath) {}
