package dev.assetstore.store.previews;

/**
 * A preview that exists in the blob store: what the handler sends. {@code body} holds its bytes
 * when it is small enough to be answered from memory ({@link PreviewBodies}), else null.
 */
public record Preview(String blobKey, long size, String contentType, String etag, byte[] body) {}
