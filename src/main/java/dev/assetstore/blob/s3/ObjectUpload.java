package dev.assetstore.blob.s3;

import static dev.assetstore.blob.s3.S3Failures.call;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One object being written from a stream: the bytes collect in one {@link PartBuffer}; a body that
 * fits in it is a single PutObject, a larger one a multipart upload sending the buffer each time it
 * is full. Memory is one part, whatever the size of the body.
 */
final class ObjectUpload {
  private final S3Client s3;
  private final String bucket;
  private final String object;
  private final PartBuffer part;
  private final List<CompletedPart> parts = new ArrayList<>();
  private String uploadId;
  private boolean objectMayExist;

  ObjectUpload(S3Client s3, String bucket, String object, int partSize) {
    this.s3 = s3;
    this.bucket = bucket;
    this.object = object;
    this.part = new PartBuffer(partSize);
  }

  void write(ByteBuffer chunk) throws IOException {
    while (chunk.hasRemaining()) {
      // A full part is sent only when more bytes follow: a body of exactly one part stays a
      // single PutObject.
      if (part.isFull()) {
        sendPart();
      }
      part.append(chunk);
    }
  }

  /** Sends what is buffered and makes the object visible. */
  void finish() throws IOException {
    if (uploadId == null) {
      objectMayExist = true;
      call(
          "put object",
          () ->
              s3.putObject(
                  r -> r.bucket(bucket).key(object).contentLength((long) part.size()), body()));
      return;
    }
    if (part.size() > 0) {
      sendPart();
    }
    objectMayExist = true;
    complete(s3, bucket, object, uploadId, parts);
  }

  /** Completes multipart upload {@code uploadId} on {@code object} from {@code parts}. */
  static void complete(
      S3Client s3, String bucket, String object, String uploadId, List<CompletedPart> parts)
      throws IOException {
    call(
        "complete multipart upload",
        () ->
            s3.completeMultipartUpload(
                r ->
                    r.bucket(bucket)
                        .key(object)
                        .uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts))));
  }

  /** After a failure: aborts the multipart upload and removes the object if it may exist. */
  void discard(Cleanups cleanups) {
    if (uploadId != null) {
      cleanups.abortUpload(object, uploadId);
    }
    if (objectMayExist) {
      // The last call may have succeeded although its answer was lost.
      cleanups.deleteObject(object);
    }
  }

  private void sendPart() throws IOException {
    if (uploadId == null) {
      uploadId =
          call(
              "create multipart upload",
              () -> s3.createMultipartUpload(r -> r.bucket(bucket).key(object)).uploadId());
    }
    int number = parts.size() + 1;
    String etag =
        call(
            "upload part",
            () ->
                s3.uploadPart(
                        r ->
                            r.bucket(bucket)
                                .key(object)
                                .uploadId(uploadId)
                                .partNumber(number)
                                .contentLength((long) part.size()),
                        body())
                    .eTag());
    parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
    part.clear();
  }

  /** The buffered part, readable again for each attempt the SDK makes. */
  private RequestBody body() {
    return RequestBody.fromContentProvider(
        part::newStream, part.size(), "application/octet-stream");
  }
}
