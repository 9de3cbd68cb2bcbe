package dev.assetstore.blob;

/** What a completed {@link BlobStore#put} wrote. */
public record StoredBlob(String key, long size, String sha256, long crc32) {}
