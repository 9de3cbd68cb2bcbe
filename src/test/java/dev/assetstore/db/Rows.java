package dev.assetstore.db;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Rows for the store contract: fresh ids, and times that always move forward. */
final class Rows {
  private static final AtomicLong CLOCK = new AtomicLong(1_700_000_000_000_000L);
  static final Actor ACTOR = new Actor("api_key", id());

  private Rows() {}

  static String id() {
    return UUID.randomUUID().toString();
  }

  static long tick() {
    return CLOCK.addAndGet(1_000);
  }

  static AssetRow asset(String name, String folderId) {
    return asset(name, folderId, "text/plain", 10, List.of());
  }

  static AssetRow asset(
      String name, String folderId, String contentType, long size, List<String> tags) {
    long now = tick();
    return new AssetRow(
        id(),
        name,
        folderId,
        contentType,
        size,
        "ab".repeat(32),
        12345L,
        "blob-" + id(),
        "about " + name,
        tags,
        "{\"k\":1}",
        now,
        now,
        ACTOR);
  }

  /** Path and depth are the store's to derive; these are placeholders. */
  static FolderRow folder(String name, String parentId) {
    long now = tick();
    return new FolderRow(id(), name, parentId, "", 0, null, now, now, ACTOR);
  }

  static FolderRow renamed(FolderRow f, String name, String parentId) {
    return new FolderRow(
        f.id(), name, parentId, f.path(), f.depth(), f.description(), f.created(), tick(), ACTOR);
  }

  static ShareRow share(String assetId, Integer maxDownloads) {
    long now = tick();
    return new ShareRow(
        id(),
        "share",
        "token-" + id(),
        "asset",
        assetId,
        null,
        null,
        null,
        List.of("a@example.com"),
        maxDownloads,
        null,
        0,
        0,
        0,
        null,
        0,
        null,
        0,
        now,
        now,
        ACTOR);
  }

  static UserRow user(String username) {
    long now = tick();
    return new UserRow(
        id(),
        username,
        username.toLowerCase(java.util.Locale.ROOT),
        username + "@example.com",
        "$argon2id$not-a-real-hash",
        List.of("store:read"),
        false,
        now,
        now,
        ACTOR);
  }

  static ApiKeyRow apiKey(String label) {
    long now = tick();
    return new ApiKeyRow(
        id(),
        label,
        "sla_live_ab",
        "hash-" + id(),
        List.of("store:read"),
        null,
        null,
        now,
        now,
        null);
  }

  static RefreshTokenRow refresh(String family, String userId, long expires) {
    return new RefreshTokenRow(
        "rt-" + id(), family, userId, List.of("store:read"), expires, false, false, tick());
  }
}
