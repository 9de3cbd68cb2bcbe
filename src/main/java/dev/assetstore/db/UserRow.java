package dev.assetstore.db;

import java.util.List;

/**
 * A user as stored. {@code usernameKey} is the normalised login name (unique); {@code passwordHash}
 * is an Argon2id PHC string and never leaves the store layer.
 */
public record UserRow(
    String id,
    String username,
    String usernameKey,
    String email,
    String passwordHash,
    List<String> scopes,
    boolean disabled,
    long created,
    long updated,
    Actor createdBy) {

  /** No hash in logs or exception messages, whatever prints this record. */
  @Override
  public String toString() {
    return "UserRow[id=" + id + ", username=" + username + "]";
  }
}
