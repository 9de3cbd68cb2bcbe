package dev.assetstore.blob.s3;

import dev.assetstore.blob.BlobUnavailableException;
import java.io.IOException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** How failures of S3 calls become ours: transient ones a 503, the rest an {@link IOException}. */
final class S3Failures {
  private S3Failures() {}

  /** A 404 for the object itself, told apart so a read can say which key is missing. */
  static final class NotFound extends IOException {
    NotFound(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Runs one S3 call, translating its failure. */
  static <T> T call(String operation, Supplier<T> request) throws IOException {
    try {
      return request.get();
    } catch (SdkException e) {
      throw failure(operation, e);
    }
  }

  /**
   * Throws {@link BlobUnavailableException} (503 to the client) when S3 is unreachable, timed out,
   * throttling or failing on its side; otherwise returns, for the caller to throw, an {@link
   * IOException} naming S3's error code: a refusal that retrying will not fix (missing bucket,
   * wrong credentials) or a missing object.
   */
  static IOException failure(String operation, SdkException e) {
    if (e instanceof S3Exception s) {
      int status = s.statusCode();
      String code =
          s.awsErrorDetails() == null ? "" : String.valueOf(s.awsErrorDetails().errorCode());
      if (status >= 500 || status == 429 || status == 408) {
        throw new BlobUnavailableException(
            "S3 " + operation + " failed with status " + status + " " + code, e);
      }
      if ("NoSuchKey".equals(code) || (status == 404 && !"NoSuchBucket".equals(code))) {
        return new NotFound("S3 " + operation + ": no such object", e);
      }
      return new IOException("S3 " + operation + " refused: " + status + " " + code, e);
    }
    if (e instanceof SdkClientException) {
      throw new BlobUnavailableException("S3 " + operation + " failed: " + e.getMessage(), e);
    }
    return new IOException("S3 " + operation + " failed: " + e.getMessage(), e);
  }
}
