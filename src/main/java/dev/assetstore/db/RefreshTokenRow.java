package dev.assetstore.db;

import java.util.List;

/** A refresh token as stored: only its SHA-256, its family, and the session's scopes. */
public record RefreshTokenRow(
    String tokenHash,
    String familyId,
    String userId,
    List<String> scopes,
    long expires,
    boolean used,
    boolean revoked,
    long created) {

  @Override
  public String toString() {
    return "RefreshTokenRow[family=" + familyId + ", user=" + userId + "]";
  }
}
