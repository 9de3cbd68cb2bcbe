package dev.assetstore.db;

/** The metadata backend cannot be reached or did not answer in time. */
public final class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
