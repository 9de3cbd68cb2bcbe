package dev.assetstore.support;

import dev.assetstore.blob.s3.S3Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Which blob store a {@link TestServer} runs on, chosen by the system property {@code
 * assetstore.test.blobs} ({@code disk}, the default, or {@code s3}). Each data directory gets a
 * fresh, empty store so servers never see each other's blobs; a server restarted on the same data
 * directory finds its blobs again.
 */
public final class TestBlobStores {
  private TestBlobStores() {}

  public static final String PROPERTY = "assetstore.test.blobs";

  private static final Map<Path, String> BUCKET_URLS = new ConcurrentHashMap<>();

  public static String kind() {
    return System.getProperty(PROPERTY, "disk");
  }

  /** Environment entries for a fresh blob store; empty means the default directory on disk. */
  public static Map<String, String> freshEnv() {
    if (!kind().equals("s3")) {
      return Map.of();
    }
    return Map.of("ASSET_STORE_BLOB_URL", EmbeddedS3.shared().freshBucketUrl());
  }

  /** As {@link #freshEnv()}, but the same store each time for one data directory. */
  public static Map<String, String> envFor(Path dataDir) {
    if (!kind().equals("s3")) {
      return Map.of();
    }
    EmbeddedS3 s3 = EmbeddedS3.shared();
    String url =
        BUCKET_URLS.computeIfAbsent(dataDir.toAbsolutePath().normalize(), d -> s3.freshBucketUrl());
    return Map.of("ASSET_STORE_BLOB_URL", url);
  }

  /**
   * The storage behind a server's blob URL ({@code null}: the default directory under {@code
   * dataDir}), seen from outside the server.
   */
  public static Storage storage(String blobUrl, Path dataDir) {
    if (blobUrl == null) {
      return new Disk(dataDir.resolve("blobs"));
    }
    if (blobUrl.startsWith("file:")) {
      return new Disk(Path.of(blobUrl.substring("file:".length())));
    }
    S3Location loc = S3Location.parse(blobUrl);
    return new Bucket(EmbeddedS3.at(loc.endpoint()), loc.bucket(), loc.prefix());
  }

  /** What a server's blob store holds, looked at and tampered with behind its back. */
  public interface Storage {
    /** Every blob, temporary file and incomplete multipart upload. */
    long count();

    /** Stores bytes under a well-formed key that no record references. */
    void plantOrphan(String key, String content);

    /** Leaves what a crash in the middle of a write would. */
    void plantInterruptedWrite();

    boolean exists(String key);
  }

  private record Disk(Path root) implements Storage {
    @Override
    public long count() {
      if (!Files.exists(root)) {
        return 0;
      }
      try (Stream<Path> s = Files.walk(root)) {
        return s.filter(Files::isRegularFile).count();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void plantOrphan(String key, String content) {
      write(path(key), content);
    }

    @Override
    public void plantInterruptedWrite() {
      write(root.resolve("tmp").resolve("half-written.part"), "partial");
    }

    @Override
    public boolean exists(String key) {
      return Files.exists(path(key));
    }

    private Path path(String key) {
      return root.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key);
    }

    private static void write(Path file, String content) {
      try {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private record Bucket(EmbeddedS3 s3, String bucket, String prefix) implements Storage {
    @Override
    public long count() {
      return s3.objectCount(bucket) + s3.incompleteUploadCount(bucket);
    }

    @Override
    public void plantOrphan(String key, String content) {
      s3.client()
          .putObject(r -> r.bucket(bucket).key(prefix + key), RequestBody.fromString(content));
    }

    @Override
    public void plantInterruptedWrite() {
      String key = prefix + "0".repeat(31) + "1";
      String id = s3.client().createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
      s3.client()
          .uploadPart(
              r -> r.bucket(bucket).key(key).uploadId(id).partNumber(1),
              RequestBody.fromString("partial"));
    }

    @Override
    public boolean exists(String key) {
      return s3
          .client()
          .listObjectsV2(r -> r.bucket(bucket).prefix(prefix + key))
          .contents()
          .stream()
          .anyMatch(o -> o.key().equals(prefix + key));
    }
  }
}
