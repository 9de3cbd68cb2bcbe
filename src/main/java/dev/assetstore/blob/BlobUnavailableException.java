package dev.assetstore.blob;

/**
 * The blob backend cannot be reached or answers with a server-side failure (unreachable, timed out,
 * 5xx). Transient by nature: callers answer 503 and the client tries again later.
 */
public final class BlobUnavailableException extends RuntimeException {
  public BlobUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
