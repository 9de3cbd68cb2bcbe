package dev.assetstore.db;

import java.util.List;

/** A share as stored; counters and throttle state included. Times are epoch microseconds. */
public record ShareRow(
    String id,
    String name,
    String token,
    String targetType,
    String assetId,
    String folderId,
    Long expires,
    String passwordHash,
    List<String> recipients,
    Integer maxDownloads,
    String message,
    long views,
    long downloads,
    long failedAttempts,
    Long lastAccessed,
    int epoch,
    Long throttleStart,
    int throttleFailures,
    long created,
    long updated,
    Actor createdBy) {

  public String targetId() {
    return "asset".equals(targetType) ? assetId : folderId;
  }
}
