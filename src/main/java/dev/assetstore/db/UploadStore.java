package dev.assetstore.db;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Resumable uploads and their single-writer lease. A writer holds the lease ({@code holder}, until
 * {@code until}); anyone else may ask it to let go ({@link #requestRelease}), which the holder sees
 * when it {@link #renew renews}. Progress is written only by the lease holder. Every method is one
 * atomic unit and blocks: call it off the event loop.
 */
public interface UploadStore {

  /** What {@link #renew} found. */
  enum Lease {
    HELD,
    RELEASE_REQUESTED,
    LOST
  }

  void insertUpload(UploadRow row);

  Optional<UploadRow> upload(String id);

  /**
   * Takes the lease if nobody holds it or the holder's lease ran out (a dead node); false
   * otherwise.
   */
  boolean tryLease(String id, String holder, long now, long until);

  /** Asks the current holder, on any node, to stop writing and let go. */
  void requestRelease(String id);

  /** Extends the holder's lease and says whether someone asked for it. */
  Lease renew(String id, String holder, long until);

  /** Writes a durable checkpoint; false if {@code holder} no longer holds the lease. */
  boolean saveProgress(String id, String holder, UploadRow.Progress p);

  /** Lets go of the lease (no-op if another holds it). */
  void release(String id, String holder);

  /** Records the asset the upload became and lets go of the lease. */
  void completeUpload(String id, String assetId, long expires);

  /** Marks an upload whose bytes were freed by the expiry sweep. */
  void markExpired(String id);

  boolean deleteUpload(String id);

  /** Uploads past {@code now} that still hold bytes or an asset link, oldest first. */
  List<UploadRow> expiredUploads(long now, int limit);

  /** Expired uploads forgotten before {@code before}; returns how many were removed. */
  int forgetExpired(long before);

  /** The keys among {@code keys} that an unfinished or just-finished upload writes to. */
  Set<String> uploadBlobKeys(Collection<String> keys);
}
