package dev.assetstore.support;

import java.io.InputStream;
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
  StrictMultipartUploads(BlobStore real) {
    super(real);
  }

  private void requireOpen(MultipartUpload mpu) {
    boolean open =
        delegate().listMultipartUploads(mpu.containerName()).stream()
            .anyMatch(u -> u.uploadId().equals(mpu.id()) && u.key().equals(mpu.blobName()));
    if (!open) {
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
    requireOpen(mpu);
    return super.uploadMultipartPart(mpu, request, in);
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(
      MultipartUpload mpu, CompleteMultipartUploadRequest request) {
    requireOpen(mpu);
    return super.completeMultipartUpload(mpu, request);
  }

  @Override
  public void abortMultipartUpload(MultipartUpload mpu) {
    requireOpen(mpu);
    super.abortMultipartUpload(mpu);
  }
}
