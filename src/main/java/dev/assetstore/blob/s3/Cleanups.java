package dev.assetstore.blob.s3;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The deletes and aborts that make a failed put leave nothing behind. One that fails itself (S3
 * down) is kept and tried again by {@link #retry()}; past a bound they are left to the startup
 * sweep.
 */
final class Cleanups {
  private static final Logger LOG = LoggerFactory.getLogger(Cleanups.class);
  private static final int MAX_PENDING = 10_000;

  /** Deletes {@code object}, or with an upload id aborts that multipart upload. */
  private record Cleanup(String object, String uploadId) {}

  private final S3Client s3;
  private final String bucket;
  private final Queue<Cleanup> pending = new ConcurrentLinkedQueue<>();

  Cleanups(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  void deleteObject(String object) {
    run(new Cleanup(object, null));
  }

  void abortUpload(String object, String uploadId) {
    run(new Cleanup(object, uploadId));
  }

  boolean isEmpty() {
    return pending.isEmpty();
  }

  /** Tries once more each cleanup that failed before. */
  void retry() {
    for (int n = pending.size(); n > 0; n--) {
      Cleanup c = pending.poll();
      if (c == null) {
        return;
      }
      run(c);
    }
  }

  private void run(Cleanup c) {
    try {
      if (c.uploadId() == null) {
        s3.deleteObject(r -> r.bucket(bucket).key(c.object()));
      } else {
        s3.abortMultipartUpload(r -> r.bucket(bucket).key(c.object()).uploadId(c.uploadId()));
      }
    } catch (S3Exception e) {
      if (e.statusCode() != 404) { // 404: the upload is already gone
        keep(c, e);
      }
    } catch (SdkException e) {
      keep(c, e);
    }
  }

  private void keep(Cleanup c, SdkException e) {
    if (pending.size() < MAX_PENDING) {
      pending.add(c);
      LOG.warn("S3 cleanup of {} failed, will retry: {}", c.object(), e.toString());
    } else {
      LOG.warn("S3 cleanup of {} failed; the startup sweep will remove it", c.object());
    }
  }
}
