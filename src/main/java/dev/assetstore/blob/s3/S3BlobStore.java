package dev.assetstore.blob.s3;

import static dev.assetstore.blob.s3.S3Failures.call;

import dev.assetstore.blob.BlobKeys;
import dev.assetstore.blob.BlobStore;
import dev.assetstore.blob.DigestingCopy;
import dev.assetstore.blob.StoredBlob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs as objects {@code prefix + key} in one S3 bucket (AWS or any S3-compatible store).
 *
 * <p>A put streams through the digests into an {@link ObjectUpload}: one PutObject for a body of up
 * to {@link #PART_SIZE} bytes, a multipart upload with one part in memory at a time above, so
 * memory per upload is bounded by the part size whatever the file size. Any failure aborts the
 * multipart upload and removes the object if it may exist, so no half-written object or incomplete
 * upload is left; a cleanup that itself fails (S3 down) is retried by {@link Cleanups} after the
 * next successful put and by the startup sweep.
 */
public final class S3BlobStore implements BlobStore {
  /** Bytes per multipart part, and the largest body sent as a single PutObject. */
  public static final int PART_SIZE = 8 * 1024 * 1024;

  private static final int DELETE_BATCH = 1000;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(3);

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final Duration sweepGrace;
  private final Cleanups cleanups;
  private final S3Uploads uploads;

  S3BlobStore(S3Client s3, S3Location location) {
    this.s3 = s3;
    this.bucket = location.bucket();
    this.prefix = location.prefix();
    this.sweepGrace = location.sweepGrace();
    this.cleanups = new Cleanups(s3, bucket);
    this.uploads = new S3Uploads(s3, bucket, prefix);
  }

  @Override
  public dev.assetstore.blob.ResumableBlobs resumable() {
    return uploads;
  }

  /** A store with its own client: credentials from the standard AWS chain. */
  public static S3BlobStore open(S3Location location) {
    S3ClientBuilder b =
        S3Client.builder()
            .httpClient(
                Apache5HttpClient.builder()
                    .maxConnections(128)
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(60))
                    .build())
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .region(region(location.region()))
            .forcePathStyle(location.pathStyle())
            // Our own SHA-256 and CRC32 cover the bytes end to end; the SDK's optional trailing
            // checksums are not understood by every S3-compatible server.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (location.endpoint() != null) {
      b.endpointOverride(location.endpoint());
    }
    return new S3BlobStore(b.build(), location);
  }

  private static Region region(String configured) {
    if (configured != null) {
      return Region.of(configured);
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException e) {
      return Region.US_EAST_1;
    }
  }

  // ---- writes

  @Override
  public StoredBlob put(InputStream in) throws IOException {
    String key = BlobKeys.newKey();
    ObjectUpload upload = new ObjectUpload(s3, bucket, prefix + key, PART_SIZE);
    boolean done = false;
    try {
      DigestingCopy.Result r = DigestingCopy.copy(in, upload::write);
      upload.finish();
      done = true;
      return new StoredBlob(key, r.size(), r.sha256(), r.crc32());
    } finally {
      if (!done) {
        upload.discard(cleanups);
      } else if (!cleanups.isEmpty()) {
        cleanups.retry();
      }
    }
  }

  @Override
  public void delete(String key) throws IOException {
    String object = object(key);
    call("delete object", () -> s3.deleteObject(r -> r.bucket(bucket).key(object)));
  }

  @Override
  public void deleteAll(Set<String> keys) throws IOException {
    List<ObjectIdentifier> batch = new ArrayList<>(Math.min(keys.size(), DELETE_BATCH));
    for (String key : keys) {
      batch.add(ObjectIdentifier.builder().key(object(key)).build());
      if (batch.size() == DELETE_BATCH) {
        deleteBatch(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      deleteBatch(batch);
    }
  }

  private void deleteBatch(List<ObjectIdentifier> objects) throws IOException {
    Delete delete = Delete.builder().objects(objects).quiet(true).build();
    DeleteObjectsResponse r =
        call("delete objects", () -> s3.deleteObjects(d -> d.bucket(bucket).delete(delete)));
    if (r.hasErrors() && !r.errors().isEmpty()) {
      var first = r.errors().getFirst();
      throw new IOException(
          "S3 refused to delete "
              + r.errors().size()
              + " object(s), e.g. "
              + first.key()
              + ": "
              + first.code());
    }
  }

  // ---- reads

  @Override
  public InputStream open(String key, long offset, long length) throws IOException {
    String object = object(key);
    if (length == 0) {
      return InputStream.nullInputStream();
    }
    String range = "bytes=" + offset + "-" + (offset + length - 1);
    try {
      ResponseInputStream<GetObjectResponse> in =
          call("get object", () -> s3.getObject(r -> r.bucket(bucket).key(object).range(range)));
      return new ObjectSlice(in, length);
    } catch (S3Failures.NotFound e) {
      throw new NoSuchFileException(key);
    }
  }

  @Override
  public Optional<Path> localPath(String key) {
    return Optional.empty();
  }

  // ---- sweep

  /**
   * Object times have whole seconds: an object written after this instant is stamped with this
   * second or a later one, never before it.
   */
  @Override
  public Instant stampNow() {
    return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  @Override
  public void listKeys(int batchSize, Instant writtenBefore, Consumer<Collection<String>> batch)
      throws IOException {
    Instant graceEnd = Instant.now().minus(sweepGrace);
    Instant settled = graceEnd.isBefore(writtenBefore) ? graceEnd : writtenBefore;
    List<String> keys = new ArrayList<>(batchSize);
    Iterable<S3Object> objects =
        call(
            "list objects",
            () ->
                s3.listObjectsV2Paginator(
                        r -> r.bucket(bucket).prefix(prefix).maxKeys(Math.min(batchSize, 1000)))
                    .contents());
    try {
      for (S3Object o : objects) {
        String key = keyOf(o.key());
        // Young objects may belong to an upload on another node that has not committed yet.
        if (key == null || !o.lastModified().isBefore(settled)) {
          continue;
        }
        keys.add(key);
        if (keys.size() == batchSize) {
          batch.accept(List.copyOf(keys));
          keys.clear();
        }
      }
    } catch (SdkException e) {
      throw S3Failures.failure("list objects", e);
    }
    if (!keys.isEmpty()) {
      batch.accept(List.copyOf(keys));
    }
  }

  /**
   * Aborts incomplete multipart uploads under our prefix that are older than the sweep grace
   * (younger ones may be in progress on another node), and retries cleanups that failed earlier.
   */
  @Override
  public void removeTemporaryFiles() throws IOException {
    cleanups.retry();
    Instant settled = Instant.now().minus(sweepGrace);
    Iterable<MultipartUpload> uploads =
        call(
            "list multipart uploads",
            () -> s3.listMultipartUploadsPaginator(r -> r.bucket(bucket).prefix(prefix)).uploads());
    List<MultipartUpload> old = new ArrayList<>();
    try {
      for (MultipartUpload u : uploads) {
        if (keyOf(u.key()) != null && !u.initiated().isAfter(settled)) {
          old.add(u);
        }
      }
    } catch (SdkException e) {
      throw S3Failures.failure("list multipart uploads", e);
    }
    // A resumable upload's multipart upload lives as long as its upload (issue 16): spared.
    Set<String> live =
        old.isEmpty()
            ? Set.of()
            : this.uploads.live.apply(old.stream().map(u -> keyOf(u.key())).toList());
    try {
      for (MultipartUpload u : old) {
        if (!live.contains(keyOf(u.key()))) {
          call(
              "abort multipart upload",
              () ->
                  s3.abortMultipartUpload(
                      r -> r.bucket(bucket).key(u.key()).uploadId(u.uploadId())));
        }
      }
    } catch (SdkException e) {
      throw S3Failures.failure("list multipart uploads", e);
    }
  }

  @Override
  public boolean isReady() {
    try {
      s3.headBucket(
          r -> r.bucket(bucket).overrideConfiguration(o -> o.apiCallTimeout(READY_TIMEOUT)));
      return true;
    } catch (SdkException e) {
      return false;
    }
  }

  // ---- keys and errors

  private String object(String key) {
    if (!BlobKeys.isKey(key)) {
      throw new IllegalArgumentException("not a blob key");
    }
    return prefix + key;
  }

  /** The blob key of an object name, or null for an object this store did not write. */
  private String keyOf(String object) {
    if (!object.startsWith(prefix)) {
      return null;
    }
    String key = object.substring(prefix.length());
    return BlobKeys.isKey(key) ? key : null;
  }
}
