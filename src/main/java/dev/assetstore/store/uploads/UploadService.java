package dev.assetstore.store.uploads;

import dev.assetstore.blob.BlobKeys;
import dev.assetstore.blob.ResumableBlobs;
import dev.assetstore.db.UploadRow;
import dev.assetstore.db.UploadStore;
import dev.assetstore.store.ApiError;
import dev.assetstore.store.Ids;
import dev.assetstore.store.assets.AssetRecord;
import dev.assetstore.store.assets.AssetService;
import dev.assetstore.store.auth.Principal;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumable uploads (API.md §10): creation, status, termination, and the writer sessions ({@link
 * Append}) that take the pieces. Every method blocks: call it off the event loop.
 */
public final class UploadService {
  private static final Logger LOG = LoggerFactory.getLogger(UploadService.class);

  final UploadStore store;
  final ResumableBlobs blobs;
  final AssetService assets;
  final UploadSettings settings;
  final Leases leases;

  public UploadService(
      UploadStore store, ResumableBlobs blobs, AssetService assets, UploadSettings settings) {
    this.store = store;
    this.blobs = blobs;
    this.assets = assets;
    this.settings = settings;
    this.leases = new Leases(store, settings);
  }

  public UploadSettings settings() {
    return settings;
  }

  /** Where an upload stands, as HEAD reports it. */
  public record Status(String id, long offset, long length, long expiresMicros, String assetId) {
    public boolean complete() {
      return assetId != null;
    }
  }

  /**
   * Creates an upload after checking everything about it: 413 past the limit, 422 for bad metadata,
   * 404 for an unknown folder; nothing is stored on any failure.
   */
  public Status create(Principal principal, long length, Map<String, String> metadata) {
    if (length < 0) {
      throw new ApiError(400, "Upload-Length must be a non-negative whole number");
    }
    if (length > settings.maxBytes()) {
      throw new ApiError(
          413, "Upload-Length exceeds the limit of " + settings.maxBytes() + " bytes");
    }
    UploadIntent intent = UploadIntent.parse(metadata);
    if (intent.folder() != null) {
      // The same check as the multipart upload's: 404 for a folder that does not exist.
      assets.uploadTarget(Map.of("folder", List.of(intent.folder())));
    }
    if (blobs == null) {
      throw new ApiError(501, "This storage backend has no resumable uploads");
    }
    long now = settings.nowMicros();
    UploadRow row =
        new UploadRow(
            Ids.newId(),
            principal.actor(),
            length,
            0,
            intent.toJson(),
            BlobKeys.newKey(),
            null,
            RunningSha256.fresh().state(),
            0,
            new byte[0],
            now,
            settings.expiresFrom(now),
            null,
            false);
    store.insertUpload(row);
    return new Status(row.id(), 0, length, row.expires(), null);
  }

  /** Re-reads an upload by id for its owner: 404 unknown or foreign, 410 expired. */
  UploadRow owned(Principal principal, String id) {
    if (id == null || !Ids.isValid(id)) {
      throw ApiError.notFound("Upload");
    }
    UploadRow row = store.upload(id).orElseThrow(() -> ApiError.notFound("Upload"));
    if (!row.owner().equals(principal.actor())) {
      throw ApiError.notFound("Upload");
    }
    if (row.expired() || row.expires() < settings.nowMicros()) {
      throw new ApiError(410, "This upload has expired and its bytes were freed");
    }
    return row;
  }

  /**
   * The settled offset: a request still writing to the upload is ended first (it keeps what it
   * delivered), so the answer is what a resume must start from. An upload whose every byte is
   * recorded but that has no asset (a crash between storing the blob and recording the asset) is
   * completed here: a tus client told that the offset is the length sends nothing more.
   */
  public Status status(Principal principal, String id) {
    UploadRow row = owned(principal, id);
    if (row.assetId() != null) {
      return status(row);
    }
    String holder = leases.acquire(id);
    boolean handedOver = false;
    try {
      row = owned(principal, id);
      if (row.assetId() == null && row.length() > 0 && row.offset() == row.length()) {
        handedOver = true; // Append.run lets the lease go
        Append.Outcome o = new Append(this, principal, row, holder, null).run(() -> null);
        return new Status(id, o.offset(), o.length(), o.expiresMicros(), o.asset().row().id());
      }
      return status(row);
    } finally {
      if (!handedOver) {
        leases.release(id, holder);
      }
    }
  }

  static Status status(UploadRow row) {
    return new Status(row.id(), row.offset(), row.length(), row.expires(), row.assetId());
  }

  /** The asset a completed upload became: 404 until then. */
  public AssetRecord asset(Principal principal, String id) {
    UploadRow row = owned(principal, id);
    if (row.assetId() == null) {
      throw new ApiError(404, "This upload is not complete yet");
    }
    return assets.get(row.assetId());
  }

  /** Ends any writer, frees the bytes, forgets the upload. A completed upload's asset stays. */
  public void terminate(Principal principal, String id) {
    UploadRow row = owned(principal, id);
    if (row.assetId() != null) {
      try {
        blobs.tidyFinished(row.blobKey());
      } catch (IOException e) {
        throw storageBusy();
      }
      store.deleteUpload(id);
      return;
    }
    String holder = leases.acquire(id);
    boolean deleted = false;
    try {
      row = owned(principal, id);
      blobs.abort(row.blobKey(), row.backendState());
      deleted = store.deleteUpload(id);
    } catch (IOException e) {
      throw storageBusy();
    } finally {
      if (!deleted) {
        leases.release(id, holder);
      }
    }
  }

  private static ApiError storageBusy() {
    return new ApiError(
        503, "The storage failed while freeing this upload; try again", Map.of("Retry-After", "5"));
  }

  /**
   * Starts taking a piece: takes the lease (ending an earlier writer), then checks the client's
   * offset (409 with the current one) and the piece's declared size (413). The caller must {@link
   * Append#run} the returned session, which lets the lease go.
   */
  public Append beginAppend(
      Principal principal, String id, long clientOffset, Long contentLength, Checksum checksum) {
    UploadRow first = owned(principal, id);
    if (first.assetId() != null) {
      // A client that did not see the completing answer asks again: the same answer, no write.
      if (clientOffset != first.length() || (contentLength != null && contentLength > 0)) {
        throw offsetConflict(first);
      }
      return new Append(this, principal, first, null, null);
    }
    String holder = leases.acquire(id);
    boolean handedOver = false;
    try {
      UploadRow row = owned(principal, id);
      if (row.assetId() != null || clientOffset != row.offset()) {
        throw offsetConflict(row);
      }
      if (contentLength != null && row.offset() + contentLength > row.length()) {
        throw new ApiError(
            413,
            "The piece goes past the upload's length of " + row.length() + " bytes",
            Map.of("Upload-Offset", Long.toString(row.offset())));
      }
      Append a = new Append(this, principal, row, holder, checksum);
      handedOver = true;
      return a;
    } finally {
      if (!handedOver) {
        leases.release(id, holder);
      }
    }
  }

  static ApiError offsetConflict(UploadRow row) {
    return new ApiError(
        409,
        row.assetId() != null
            ? "This upload is already complete"
            : "Upload-Offset does not match the upload's current offset of " + row.offset(),
        Map.of("Upload-Offset", Long.toString(row.offset())));
  }

  /**
   * The expiry sweep: frees the bytes of uploads idle past their expiry (their URL then answers
   * 410), drops completed ones past theirs once the storage holds nothing of them but the asset's
   * blob (a crash may have come before their end was tidied), and forgets expired ones after
   * another period. Returns how many uploads it expired.
   */
  public int sweepExpired() {
    long now = settings.nowMicros();
    int n = 0;
    for (UploadRow row : store.expiredUploads(now, 500)) {
      if (row.assetId() != null) {
        try {
          blobs.tidyFinished(row.blobKey());
          store.deleteUpload(row.id());
        } catch (IOException | RuntimeException e) {
          // The row stays, so the next sweep tries again.
          LOG.warn("could not tidy completed upload {}: {}", row.id(), e.toString());
        }
        continue;
      }
      // A writer still holding it (a dead one, since a live one refreshes the expiry) lets go.
      String holder;
      try {
        holder = leases.acquire(row.id());
      } catch (ApiError busy) {
        continue;
      }
      try {
        blobs.abort(row.blobKey(), row.backendState());
        store.markExpired(row.id());
        n++;
      } catch (IOException | RuntimeException e) {
        LOG.warn("could not free expired upload {}: {}", row.id(), e.toString());
      } finally {
        leases.release(row.id(), holder);
      }
    }
    store.forgetExpired(now - settings.expiry().toNanos() / 1000);
    return n;
  }
}
