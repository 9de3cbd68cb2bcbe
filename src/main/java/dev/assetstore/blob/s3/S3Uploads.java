package dev.assetstore.blob.s3;

import static dev.assetstore.blob.s3.S3Failures.call;

import dev.assetstore.blob.ResumableBlobs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Resumable uploads on S3: the pieces become parts of one multipart upload on the blob's final
 * object, {@link S3BlobStore#PART_SIZE} bytes each; bytes that do not fill a part yet are kept, at
 * each checkpoint, as a tail object {@code <prefix>uploads/<key>/tail-<start>} (a restarted node or
 * another one reads it back into its part buffer). The state string carries the multipart upload
 * id, the parts' ETags and the tail's length. A tail is named after where it starts: a later
 * checkpoint in the same part rewrites it with the same first bytes and more, and one in a later
 * part never overwrites the tail the recorded state still points at. That older tail goes once the
 * caller has {@link Appender#recorded recorded} a state past it, so an upload keeps one tail
 * between requests (two for a moment). Tails live under a name that is not a blob key, so the
 * orphan sweep never lists them; abort, and the recorded end of a finished upload, remove them,
 * with any multipart upload a killed writer started on the object before recording its id. Memory:
 * one part buffer per writer.
 */
final class S3Uploads implements ResumableBlobs {
  private static final Logger LOG = LoggerFactory.getLogger(S3Uploads.class);
  private static final int PART = S3BlobStore.PART_SIZE;
  private static final String TAIL = "tail-";

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  volatile Function<Collection<String>, Set<String>> live = keys -> Set.of();

  S3Uploads(S3Client s3, String bucket, String prefix) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
  }

  @Override
  public void spare(Function<Collection<String>, Set<String>> live) {
    this.live = live;
  }

  /** The state: {@code <uploadId or ->;<tail length>;<etag>,<etag>…}. */
  private record State(String uploadId, long tail, List<String> etags) {
    static State parse(String s) {
      if (s == null) {
        return new State(null, 0, new ArrayList<>());
      }
      String[] p = s.split(";", 3);
      List<String> etags = new ArrayList<>();
      if (p.length == 3 && !p[2].isEmpty()) {
        etags.addAll(List.of(p[2].split(",")));
      }
      return new State(p[0].equals("-") ? null : p[0], Long.parseLong(p[1]), etags);
    }

    String format() {
      return (uploadId == null ? "-" : uploadId) + ";" + tail + ";" + String.join(",", etags);
    }
  }

  private String tailPrefix(String key) {
    return prefix + "uploads/" + key + "/";
  }

  @Override
  public Appender appender(String key, long offset, String state) throws IOException {
    State st = State.parse(state);
    long partsBytes = (long) st.etags().size() * PART;
    if (partsBytes + st.tail() != offset) {
      throw new IOException("S3 upload state does not match offset " + offset);
    }
    PartBuffer buffer = new PartBuffer(PART);
    if (st.tail() > 0) {
      String tail = tailPrefix(key) + TAIL + partsBytes;
      String range = "bytes=0-" + (st.tail() - 1);
      try (InputStream in =
          call("get tail", () -> s3.getObject(r -> r.bucket(bucket).key(tail).range(range)))) {
        byte[] b = new byte[64 * 1024];
        long left = st.tail();
        while (left > 0) {
          int n = in.read(b, 0, (int) Math.min(b.length, left));
          if (n < 0) {
            throw new IOException("tail object of " + key + " is shorter than its state says");
          }
          buffer.append(ByteBuffer.wrap(b, 0, n));
          left -= n;
        }
      }
    }
    return new PartAppender(key, st.uploadId(), st.etags(), buffer, partsBytes);
  }

  @Override
  public void abort(String key, String state) throws IOException {
    State st = State.parse(state);
    String object = prefix + key;
    if (st.uploadId() != null) {
      try {
        call(
            "abort multipart upload",
            () ->
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(object).uploadId(st.uploadId())));
      } catch (S3Failures.NotFound e) {
        // aborted before
      }
    }
    abortStrays(object);
    deleteTails(key, Long.MAX_VALUE);
  }

  @Override
  public void tidyFinished(String key) throws IOException {
    abortStrays(prefix + key);
    deleteTails(key, Long.MAX_VALUE);
  }

  /**
   * Aborts every multipart upload left on {@code object}: one a writer started and was killed
   * before it recorded the id, so the next writer started another. Called when the upload is over.
   */
  private void abortStrays(String object) throws IOException {
    List<MultipartUpload> left =
        call(
            "list multipart uploads",
            () -> s3.listMultipartUploads(r -> r.bucket(bucket).prefix(object)).uploads());
    for (MultipartUpload u : left) {
      if (u.key().equals(object)) {
        try {
          call(
              "abort multipart upload",
              () ->
                  s3.abortMultipartUpload(
                      r -> r.bucket(bucket).key(object).uploadId(u.uploadId())));
        } catch (S3Failures.NotFound e) {
          // aborted meanwhile
        }
      }
    }
  }

  /** Deletes the upload's tails that start before {@code before}. */
  private void deleteTails(String key, long before) throws IOException {
    String p = tailPrefix(key);
    List<S3Object> tails =
        call("list tails", () -> s3.listObjectsV2(r -> r.bucket(bucket).prefix(p)).contents());
    for (S3Object o : tails) {
      if (tailStart(o.key().substring(p.length())) < before) {
        call("delete tail", () -> s3.deleteObject(r -> r.bucket(bucket).key(o.key())));
      }
    }
  }

  /** Where a tail named {@code name} starts; anything else under the prefix counts as first. */
  private static long tailStart(String name) {
    try {
      return name.startsWith(TAIL) ? Long.parseLong(name.substring(TAIL.length())) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private final class PartAppender implements Appender {
    private final String key;
    private final String object;
    private final List<String> etags;
    private final PartBuffer buffer;
    private String uploadId;
    private boolean finished;
    private boolean wrote;

    /** Where the tail of the last recorded state starts: tails before it are no longer needed. */
    private long recordedFrom;

    PartAppender(
        String key, String uploadId, List<String> etags, PartBuffer buffer, long recordedFrom) {
      this.key = key;
      this.object = prefix + key;
      this.uploadId = uploadId;
      this.etags = new ArrayList<>(etags);
      this.buffer = buffer;
      this.recordedFrom = recordedFrom;
    }

    @Override
    public long room() {
      return PART - buffer.size();
    }

    @Override
    public void write(ByteBuffer chunk) {
      wrote = true;
      buffer.append(chunk);
    }

    @Override
    public String sync() throws IOException {
      if (buffer.isFull()) {
        sendPart();
      } else if (buffer.size() > 0) {
        String tail = tailPrefix(key) + TAIL + (long) etags.size() * PART;
        call(
            "put tail",
            () ->
                s3.putObject(
                    r -> r.bucket(bucket).key(tail).contentLength((long) buffer.size()), body()));
      }
      return new State(uploadId, buffer.size(), etags).format();
    }

    private void sendPart() throws IOException {
      if (uploadId == null) {
        uploadId =
            call(
                "create multipart upload",
                () -> s3.createMultipartUpload(r -> r.bucket(bucket).key(object)).uploadId());
      }
      int number = etags.size() + 1;
      String id = uploadId;
      String etag =
          call(
              "upload part",
              () ->
                  s3.uploadPart(
                          r ->
                              r.bucket(bucket)
                                  .key(object)
                                  .uploadId(id)
                                  .partNumber(number)
                                  .contentLength((long) buffer.size()),
                          body())
                      .eTag());
      etags.add(etag);
      buffer.clear();
    }

    @Override
    public void finish() throws IOException {
      if (uploadId == null) {
        call(
            "put object",
            () ->
                s3.putObject(
                    r -> r.bucket(bucket).key(object).contentLength((long) buffer.size()), body()));
      } else {
        long length = (long) etags.size() * PART + buffer.size();
        // Nothing written since the recorded state: the upload's end was recorded before, so an
        // earlier writer got as far as finishing and may have completed the multipart upload
        // before it was killed (then it no longer exists, and sending the last part again would
        // fail). The object is new for this upload and written by nothing else: whole, it is done.
        if (!wrote && size().orElse(-1) == length) {
          finished = true;
          return;
        }
        try {
          completeParts();
        } catch (S3Failures.NotFound e) {
          requireWhole(length, e);
        }
      }
      // The tails stay until the caller has recorded the end: a crash before that retries the
      // last piece from the recorded state, which reads its tail.
      finished = true;
    }

    private void completeParts() throws IOException {
      if (buffer.size() > 0) {
        sendPart();
      }
      List<CompletedPart> parts = new ArrayList<>();
      for (int i = 0; i < etags.size(); i++) {
        parts.add(CompletedPart.builder().partNumber(i + 1).eTag(etags.get(i)).build());
      }
      ObjectUpload.complete(s3, bucket, object, uploadId, parts);
    }

    /**
     * Accepts the object as the finished upload if it holds exactly the upload's length: its key is
     * new for this upload and written by nothing else, and the multipart upload only goes by being
     * completed (termination and expiry take the lease first, and end the upload's row).
     */
    private void requireWhole(long length, IOException gone) throws IOException {
      long size = size().orElse(-1);
      if (size != length) {
        throw new IOException(
            "the multipart upload of "
                + key
                + " is gone and its object holds "
                + size
                + " bytes (-1: none), not "
                + length,
            gone);
      }
    }

    /** The size of the upload's object, if it exists. */
    private java.util.OptionalLong size() throws IOException {
      try {
        return java.util.OptionalLong.of(
            call("head object", () -> s3.headObject(r -> r.bucket(bucket).key(object)))
                .contentLength());
      } catch (S3Failures.NotFound e) {
        return java.util.OptionalLong.empty();
      }
    }

    @Override
    public void recorded() {
      long from = finished ? Long.MAX_VALUE : (long) etags.size() * PART;
      if (from <= recordedFrom) {
        return; // still in the same part: its tail was rewritten in place
      }
      try {
        if (finished) {
          tidyFinished(key);
        } else {
          deleteTails(key, from);
        }
        recordedFrom = from;
      } catch (IOException | RuntimeException e) {
        LOG.warn("could not delete old tails of upload {}: {}", key, e.toString());
      }
    }

    private RequestBody body() {
      return RequestBody.fromContentProvider(
          buffer::newStream, buffer.size(), "application/octet-stream");
    }

    @Override
    public void close() {
      buffer.clear();
    }
  }
}
