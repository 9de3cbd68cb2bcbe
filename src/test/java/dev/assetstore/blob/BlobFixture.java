package dev.assetstore.blob;

import dev.assetstore.blob.fs.FsBlobStore;
import dev.assetstore.blob.s3.S3BlobStore;
import dev.assetstore.blob.s3.S3Location;
import dev.assetstore.support.EmbeddedS3;
import dev.assetstore.support.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A fresh, empty blob store of one backend, with a view of its storage from outside the store: what
 * is left there (temporaries and incomplete uploads included) and a way to plant the leftover of an
 * interrupted write.
 */
interface BlobFixture extends AutoCloseable {
  BlobStore store();

  /** Everything in the backend: blobs, temporary files, incomplete multipart uploads. */
  long leftovers();

  /** Leaves behind what a crash in the middle of a put would. */
  void plantInterruptedWrite();

  @Override
  void close();

  static BlobFixture disk() {
    try {
      Path dir = Files.createTempDirectory("blobs");
      FsBlobStore store = new FsBlobStore(dir);
      return new BlobFixture() {
        @Override
        public BlobStore store() {
          return store;
        }

        @Override
        public long leftovers() {
          try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }

        @Override
        public void plantInterruptedWrite() {
          try {
            Files.writeString(dir.resolve("tmp").resolve(randomKey() + ".part"), "half");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }

        @Override
        public void close() {
          TestServer.deleteRecursively(dir);
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh bucket on the JVM's s3proxy, with the blobs under a prefix to exercise it. */
  static BlobFixture s3() {
    EmbeddedS3 s3 = EmbeddedS3.shared();
    String bucket = s3.freshBucket();
    String prefix = "blobs/";
    S3BlobStore store = S3BlobStore.open(S3Location.parse(s3.url(bucket, prefix)));
    return new BlobFixture() {
      @Override
      public BlobStore store() {
        return store;
      }

      @Override
      public long leftovers() {
        return s3.objectCount(bucket) + s3.incompleteUploadCount(bucket);
      }

      @Override
      public void plantInterruptedWrite() {
        String key = prefix + randomKey();
        String id = s3.client().createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
        s3.client()
            .uploadPart(
                r -> r.bucket(bucket).key(key).uploadId(id).partNumber(1),
                software.amazon.awssdk.core.sync.RequestBody.fromString("half"));
      }

      @Override
      public void close() {}
    };
  }

  private static String randomKey() {
    byte[] b = new byte[16];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
