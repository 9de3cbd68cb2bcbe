package dev.assetstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetstore.support.EmbeddedS3;
import dev.assetstore.support.Http;
import dev.assetstore.support.ProcessServer;
import dev.assetstore.support.RawTus;
import dev.assetstore.support.SeededContent;
import dev.assetstore.support.ShiftClock;
import dev.assetstore.support.TestBlobStores;
import dev.assetstore.support.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A resumable upload survives SIGKILL mid-PATCH (issue 16, API.md §10 "the offset a server reports
 * is durable"): the jar runs as a process; one PATCH is acknowledged, the next is held by the test
 * at a byte position drawn from the seed (so the server is provably inside that PATCH's body) and
 * the process is killed. After a restart on the same data directory HEAD reports an offset between
 * the last acknowledged one and the bytes sent; the client resumes from there and the asset is
 * byte-identical. Then termination and expiry: the store holds no stray bytes. Every round runs on
 * disk and on S3 (the embedded s3proxy), where a kill can fall between writing a part or a tail
 * object and recording the offset, or between recording it and deleting the tail it replaced.
 *
 * <p>Each round prints its seed; {@code -Dcrash.seed=N} replays (rounds use N, N+1, …).
 */
class ResumableCrashIT {
  static final int ROUNDS = Integer.getInteger("crash.rounds", 3);
  static final long MIB = 1 << 20;

  @TestFactory
  Stream<DynamicTest> killedMidPatchResumesByteIdentical() {
    long base = Long.getLong("crash.seed", new SecureRandom().nextLong() >>> 16);
    System.out.println(
        "ResumableCrashIT: base seed " + base + " (replay with -Dcrash.seed=" + base + ")");
    return Stream.of("disk", "s3")
        .flatMap(
            store ->
                IntStream.range(0, ROUNDS)
                    .mapToObj(
                        r ->
                            DynamicTest.dynamicTest(
                                "round " + r + " on " + store + " seed " + (base + r),
                                () -> round(base + r, store))));
  }

  static void round(long seed, String store) throws Exception {
    Random random = new Random(seed);
    long size = 24 * MIB + random.nextLong(8 * MIB);
    long first = MIB + random.nextLong(4 * MIB);
    long killAt = first + MIB + random.nextLong(size - first - 2 * MIB);
    int settleMillis = random.nextInt(400);
    Path dir = Files.createTempDirectory("asset-store-tus-crash");
    String blobUrl =
        store.equals("s3") ? EmbeddedS3.shared().freshBucketUrl() : "file:" + dir.resolve("blobs");
    Map<String, String> env = new HashMap<>(EmbeddedS3.credentialsEnv());
    env.put("ASSET_STORE_BLOB_URL", blobUrl);
    TestBlobStores.Storage blobs = TestBlobStores.storage(blobUrl, dir);
    boolean passed = false;
    try {
      String path;
      long reported;
      ProcessServer a = ProcessServer.start(CrashSafetyIT.JVM, env, dir);
      try {
        RawTus tus = new RawTus(a.http);
        path = tus.create(size, Map.of("filename", "crash.bin"));
        try (InputStream src = new SeededContent(seed, size)) {
          HttpResponse<String> r = tus.patch(path, 0, src, first);
          assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
          reported = Long.parseLong(r.headers().firstValue("Upload-Offset").orElseThrow());
        }
        assertThat(reported).isEqualTo(first);

        // The second PATCH carries the rest, but its body stops at killAt until the kill.
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InputStream gated =
            new Gate(
                RawTus.slice(seed, size, first, size - first), killAt - first, reached, release);
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    outcome.complete(tus.patch(path, first, gated, size - first));
                  } catch (Exception e) {
                    outcome.complete(e);
                  }
                });
        assertThat(reached.await(60, TimeUnit.SECONDS)).as("body reached the kill point").isTrue();
        Thread.sleep(settleMillis);
        assertThat(outcome).as("no answer before the kill: the PATCH is in flight").isNotDone();
        a.kill();
        release.countDown();
        Object o = outcome.get(60, TimeUnit.SECONDS);
        assertThat(o).as("the killed PATCH never got an answer").isInstanceOf(IOException.class);
      } finally {
        a.kill();
      }

      ProcessServer b = ProcessServer.start(CrashSafetyIT.JVM, env, dir);
      try {
        RawTus tus = new RawTus(b.http);
        long offset = tus.offset(path);
        System.out.printf(
            "ResumableCrashIT seed %d: size %d, acknowledged %d, sent %d, HEAD after restart %d%n",
            seed, size, reported, killAt, offset);
        assertThat(offset).as("durable offset after restart").isBetween(reported, killAt);

        HttpResponse<String> done;
        try (InputStream rest = RawTus.slice(seed, size, offset, size - offset)) {
          done = tus.patch(path, offset, rest, size - offset);
        }
        assertThat(done.statusCode()).as(done.body()).isEqualTo(204);
        String asset = done.headers().firstValue("Asset-Location").orElseThrow();
        String id = b.http.get(asset).json().get("id").asText();
        String expected = SeededContent.sha256(seed, size);
        assertThat(b.http.get(asset).json().get("sha256").asText()).isEqualTo(expected);
        assertThat(
                S3MemoryBoundIT.sha256(
                    S3MemoryBoundIT.stream(b.http, "/api/store/asset/download?id=" + id).body()))
            .as("downloaded bytes")
            .isEqualTo(expected);
        assertThat(blobs.count()).as("after completion: the asset's blob alone").isEqualTo(1);

        // Termination frees the bytes.
        String terminated = tus.create(4 * MIB, Map.of("filename", "gone.bin"));
        try (InputStream src = new SeededContent(seed + 1, MIB)) {
          assertThat(tus.patch(terminated, 0, src, MIB).statusCode()).isEqualTo(204);
        }
        assertThat(blobs.count()).isEqualTo(2);
        assertThat(tus.delete(terminated).status()).isEqualTo(204);
        assertThat(blobs.count()).as("after termination").isEqualTo(1);

        // One left idle, for the expiry below.
        String idle = tus.create(4 * MIB, Map.of("filename", "idle.bin"));
        try (InputStream src = new SeededContent(seed + 2, MIB)) {
          assertThat(tus.patch(idle, 0, src, MIB).statusCode()).isEqualTo(204);
        }
        assertThat(blobs.count()).isEqualTo(2);
        b.close();

        // Expiry, in-process on the same data so that the clock can move past it.
        ShiftClock clock = new ShiftClock();
        try (TestServer c =
            TestServer.start(
                dir,
                Map.of(
                    "ASSET_STORE_DB_URL",
                    "jdbc:sqlite:" + dir.resolve("store.db"),
                    "ASSET_STORE_BLOB_URL",
                    blobUrl),
                clock)) {
          clock.advance(Duration.ofHours(25));
          assertThat(c.server().expireUploads()).isEqualTo(1);
          assertThat(new RawTus(c.http).head(idle).status()).isEqualTo(410);
          assertThat(blobs.count()).as("after expiry: the asset's blob alone").isEqualTo(1);
          passed = true;
        } // TestServer.close removes the data directory
      } finally {
        b.close();
      }
    } finally {
      if (passed) {
        TestServer.deleteRecursively(dir);
      } else {
        System.out.println("ResumableCrashIT seed " + seed + " failed; data kept in " + dir);
      }
    }
  }

  /**
   * A kill aimed at the window between S3 completing the object and the asset being recorded: the
   * embedded S3 kills the server's process once it has completed the multipart upload, before the
   * server hears so. After a restart the multipart upload is gone and the object whole; HEAD
   * reports the end and records the asset, byte-identical, and the tail object is tidied. S3 only:
   * on disk completion is one rename with no outside party to aim the kill from ({@code
   * http/tus/CompletionCrashTest} stops both backends at this point in-process).
   */
  @Test
  void killedRightAfterS3CompletedTheObjectCompletesOnResume() throws Exception {
    long seed = Long.getLong("crash.seed", new SecureRandom().nextLong() >>> 16);
    System.out.println("ResumableCrashIT completion kill: seed " + seed);
    long size = 8 * MIB + 1 + new Random(seed).nextLong(4 * MIB);
    EmbeddedS3 s3 = EmbeddedS3.shared();
    String bucket = s3.freshBucket();
    String blobUrl = s3.url(bucket, "");
    Path dir = Files.createTempDirectory("asset-store-tus-crash");
    Map<String, String> env = new HashMap<>(EmbeddedS3.credentialsEnv());
    env.put("ASSET_STORE_BLOB_URL", blobUrl);
    String path;
    final ProcessServer a = ProcessServer.start(CrashSafetyIT.JVM, env, dir);
    try {
      RawTus tus = new RawTus(a.http);
      path = tus.create(size, Map.of("filename", "completed.bin"));
      try (InputStream src = new SeededContent(seed, size)) {
        assertThat(tus.patch(path, 0, src, 8 * MIB).statusCode()).isEqualTo(204);
      }
      s3.onNextCompletion(
          bucket,
          () -> {
            try {
              a.kill();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      try (InputStream rest = RawTus.slice(seed, size, 8 * MIB, size - 8 * MIB)) {
        assertThatThrownBy(() -> tus.patch(path, 8 * MIB, rest, size - 8 * MIB))
            .as("the killed completion never got an answer")
            .isInstanceOf(IOException.class);
      }
    } finally {
      a.kill();
    }
    try (ProcessServer b = ProcessServer.start(CrashSafetyIT.JVM, env, dir)) {
      RawTus tus = new RawTus(b.http);
      Http.Resp head = tus.head(path);
      assertThat(head.status()).as(head.text()).isEqualTo(200);
      assertThat(head.header("Upload-Offset")).isEqualTo(Long.toString(size));
      Http.Resp asset = b.http.get(path);
      assertThat(asset.status()).as(asset.text()).isEqualTo(200);
      String expected = SeededContent.sha256(seed, size);
      assertThat(asset.json().get("sha256").asText()).isEqualTo(expected);
      String id = asset.json().get("id").asText();
      assertThat(
              S3MemoryBoundIT.sha256(
                  S3MemoryBoundIT.stream(b.http, "/api/store/asset/download?id=" + id).body()))
          .as("downloaded bytes")
          .isEqualTo(expected);
      assertThat(TestBlobStores.storage(blobUrl, dir).count())
          .as("the asset's blob alone")
          .isEqualTo(1);
    } finally {
      TestServer.deleteRecursively(dir);
    }
  }

  /** Passes {@code before} bytes, then signals and blocks until released. */
  static final class Gate extends InputStream {
    private final InputStream in;
    private final CountDownLatch reached;
    private final CountDownLatch release;
    private long before;

    Gate(InputStream in, long before, CountDownLatch reached, CountDownLatch release) {
      this.in = in;
      this.before = before;
      this.reached = reached;
      this.release = release;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (before == 0) {
        reached.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IOException("the server was killed");
      }
      int n = in.read(b, off, (int) Math.min(len, before));
      if (n > 0) {
        before -= n;
      }
      return n;
    }
  }
}
