package dev.assetstore.db;

/** A record with the same name already exists in the same container. */
public final class NameConflictException extends Exception {
  public NameConflictException() {
    super("name taken", null, false, false);
  }
}
