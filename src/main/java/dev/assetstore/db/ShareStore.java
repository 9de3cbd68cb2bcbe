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
   * What {@link #reserveGuess} did: the share after the attempt, and whether the guess may go on.
   */
  record Guess(ShareRow share, boolean allowed) {}

  /**
   * Before a password or recipient address is checked, in one atomic step: unless the throttle
   * window already holds {@code maxGuesses}, counts one guess in it ({@code throttle_failures + 1};
   * a new window starts at {@code now} if the last one began {@code windowMicros} or more ago). The
   * count is taken before the check so that parallel guesses, on any number of nodes, cannot get
   * more than {@code maxGuesses} checks into a window. Empty when the share is gone.
   */
  Optional<Guess> reserveGuess(String id, long now, long windowMicros, int maxGuesses);

  /**
   * Gives back a guess that turned out not to be a failed one (it was right, or the redemption was
   * refused for another reason), if its window (started at {@code windowStart}) is still current.
   */
  void releaseGuess(String id, long windowStart);

  /** Counts a refused redemption: {@code failed_attempts + 1}. */
  void recordFailure(String id);

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
