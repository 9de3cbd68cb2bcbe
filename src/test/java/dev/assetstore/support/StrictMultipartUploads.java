package dev.assetstore.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The embedded s3proxy's store, answering as AWS S3 does for a multipart upload that is over
 * (completed or aborted) or never was: {@code 404 NoSuchUpload} to UploadPart, Complete and Abort.
 * s3proxy's filesystem store takes parts for any upload id and completes one twice, so without this
 * a client's handling of a vanished multipart upload could not be tested.
 */
final class StrictMultipartUploads extends ForwardingBlobStore {
  /** Runs once, in the proxy, when a multipart upload of the bucket it names was completed. */
  private final AtomicReference<Map.Entry<String, Runnable>> onComplete = new AtomicReference<>();

  StrictMultipartUploads(BlobStore real) {
    super(real);
  }

  void onNextCompletion(String bucket, Runnable hook) {
    onComplete.set(Map.entry(bucket, hook));
  }

  private boolean isOpen(MultipartUpload mpu) {
    return delegate().listMultipartUploads(mpu.containerName()).stream()
        .anyMatch(u -> u.uploadId().equals(mpu.id()) && u.key().equals(mpu.blobName()));
  }

  private void requireOpen(MultipartUpload mpu) {
    if (!isOpen(mpu)) {
      throw (S3Exception)
          S3Exception.builder()
              .statusCode(404)
              .message("The specified multipart upload does not exist")
              .awsErrorDetails(
                  AwsErrorDetails.builder()
                      .errorCode("NoSuchUpload")
                      .errorMessage("The specified multipart upload does not exist")
                      .build())
              .build();
    }
  }

  @Override
  public UploadPartResponse uploadMultipartPart(
      MultipartUpload mpu, UploadPartRequest request, InputStream in) {
    try {
      if (!isOpen(mpu)) {
        // Read the part first, as S3 does: refused unread, it would break the client's pipe.
        in.transferTo(OutputStream.nullOutputStream());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    requireOpen(mpu);
    return super.uploadMultipartPart(mpu, request, in);
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(
      MultipartUpload mpu, CompleteMultipartUploadRequest request) {
    requireOpen(mpu);
    CompleteMultipartUploadResponse done = super.completeMultipartUpload(mpu, request);
    Map.Entry<String, Runnable> hook = onComplete.get();
    if (hook != null
        && hook.getKey().equals(mpu.containerName())
        && onComplete.compareAndSet(hook, null)) {
      hook.getValue().run(); // before the client hears that the upload was completed
    }
    return done;
  }

  @Override
  public void abortMultipartUpload(MultipartUpload mpu) {
    requireOpen(mpu);
    super.abortMultipartUpload(mpu);
  }
}
