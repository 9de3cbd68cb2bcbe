package dev.assetstore.db;

/** The metadata database could not write because its disk (or quota) is full. */
public final class StorageFullException extends RuntimeException {
  public StorageFullException(String message, Throwable cause) {
    super(message, cause);
  }
}
