package dev.assetstore.store.previews;

/** A preview that exists in the blob store: what the handler sends. */
public record Preview(String blobKey, long size, String contentType, String etag) {}
