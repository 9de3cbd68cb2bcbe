package dev.assetstore.db;

/**
 * One resumable upload (API.md §10) as stored: who owns it, how long it will be, how far it is
 * durably written ({@code offset}) with the running digests at exactly that offset, the blob
 * store's own state of the bytes, and once complete the asset it became.
 */
public record UploadRow(
    String id,
    Actor owner,
    long length,
    long offset,
    String metadataJson,
    String blobKey,
    String backendState,
    byte[] shaState,
    long crc32,
    byte[] head,
    long created,
    long expires,
    String assetId,
    boolean expired) {

  /** The progress a durable checkpoint writes. */
  public record Progress(
      long offset, String backendState, byte[] shaState, long crc32, byte[] head, long expires) {}
}
