package dev.assetstore.db;

import java.util.List;
import java.util.Optional;

/**
 * Share records and their counters. Counter updates are single atomic statements or transactions,
 * so they stay right with several nodes writing at once.
 */
public interface ShareStore {

  void insertShare(ShareRow row);

  Optional<ShareRow> share(String id);

  Optional<ShareRow> shareByToken(String token);

  Slice<ShareRow> listShares(ListQuery query);

  List<ShareRow> sharesOfAsset(String assetId);

  List<ShareRow> sharesOfFolder(String folderId);

  /** Replaces the mutable fields (name, expires, password, recipients, limits, epoch). */
  boolean updateShare(ShareRow row);

  boolean deleteShare(String id);

  /**
   * Counts a refused redemption: {@code failed_attempts + 1}; when {@code throttled} is false the
   * failure also counts in the throttle window (a new window starts if the last one is older than
   * {@code windowMicros}). Returns the row after the update.
   */
  Optional<ShareRow> recordFailure(String id, long now, long windowMicros, boolean throttled);

  /** Counts a successful redemption: {@code views + 1}, {@code last_accessed}. */
  void recordView(String id, long now);

  /**
   * Takes a download slot for a share with {@code max_downloads}: succeeds only while completed
   * downloads plus live slots (younger than {@code slotTtlMicros}) stay under the limit.
   */
  boolean takeDownloadSlot(String shareId, String slotId, long now, long slotTtlMicros);

  /** Releases a slot; when {@code completed}, counts the download. Without a slot, just counts. */
  void finishDownload(String shareId, String slotId, boolean completed, long now);
}
