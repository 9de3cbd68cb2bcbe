package dev.assetstore.store.assets;

import dev.assetstore.blob.StoredBlob;

/** Bytes that reached the blob store but have no record yet; {@code head} feeds type detection. */
public record StoredFile(StoredBlob blob, byte[] head) {}
