package dev.assetstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.EmbeddedS3;
import dev.assetstore.support.Http;
import dev.assetstore.support.ProcessServer;
import dev.assetstore.support.SeededContent;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On S3 too, bytes stream: the jar runs with a 64 MiB heap against s3proxy and takes an upload
 * larger than that heap (a multipart upload), then serves it whole, as a range and inside a ZIP.
 * Prints throughput and the highest heap use seen through /metrics.
 */
class S3MemoryBoundIT {
  static final long SIZE = 100L * 1024 * 1024;
  static EmbeddedS3 s3;
  static String bucket;
  static ProcessServer server;
  static Path file;
  static String sha;

  @BeforeAll
  static void start() throws Exception {
    s3 = EmbeddedS3.startNew();
    bucket = s3.freshBucket();
    Map<String, String> env = new HashMap<>(EmbeddedS3.credentialsEnv());
    env.put("ASSET_STORE_BLOB_URL", s3.url(bucket, "assets/"));
    env.put("ASSET_STORE_MAX_UPLOAD_BYTES", Long.toString(SIZE + 1));
    server = ProcessServer.start(List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"), env);
    file = Files.createTempFile("big", ".bin");
    sha = SeededContent.writeTo(file, 42, SIZE);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (s3 != null) {
      s3.close();
    }
    Files.deleteIfExists(file);
  }

  @Test
  void uploadAndDownloadsLargerThanHeapThroughS3() throws Exception {
    try (HeapWatch heap = new HeapWatch(server.http)) {
      long t0 = System.nanoTime();
      var up = server.http.uploadFile("", "big.bin", file);
      long upNanos = System.nanoTime() - t0;
      assertThat(up.status()).as(up.text()).isEqualTo(201);
      assertThat(up.json().get("sha256").asText()).isEqualTo(sha);
      assertThat(s3.objectCount(bucket)).isEqualTo(1);
      assertThat(s3.incompleteUploadCount(bucket)).isZero();
      String big = up.json().get("id").asText();
      String small = server.http.upload("small.txt", "small".getBytes()).json().get("id").asText();

      t0 = System.nanoTime();
      HttpResponse<InputStream> single = stream(server.http, "/api/store/asset/download?id=" + big);
      assertThat(single.statusCode()).isEqualTo(200);
      assertThat(sha256(single.body())).isEqualTo(sha);
      long downNanos = System.nanoTime() - t0;

      var range =
          server.http.get(
              "/api/store/asset/download?id=" + big, "Range", "bytes=50000000-50000009");
      assertThat(range.status()).isEqualTo(206);
      assertThat(range.body()).isEqualTo(slice(file, 50_000_000, 10));

      HttpResponse<InputStream> zip =
          stream(server.http, "/api/store/asset/download?id=" + big + "&id=" + small);
      assertThat(zip.statusCode()).isEqualTo(200);
      try (ZipInputStream in = new ZipInputStream(zip.body())) {
        ZipEntry e = in.getNextEntry();
        assertThat(e.getName()).isEqualTo("big.bin");
        assertThat(sha256(in)).isEqualTo(sha);
        assertThat(in.getNextEntry().getName()).isEqualTo("small.txt");
        assertThat(new String(in.readNBytes(100))).isEqualTo("small");
      }
      assertThat(server.isAlive()).as("server survived with a 64 MiB heap").isTrue();
      System.out.printf(
          "S3 via s3proxy, %d MiB: upload %.1f MB/s, download %.1f MB/s, peak heap used %d MiB%n",
          SIZE >> 20,
          SIZE / 1e6 / (upNanos / 1e9),
          SIZE / 1e6 / (downNanos / 1e9),
          heap.peak() >> 20);
    }
  }

  /** Samples the server's heap use through /metrics while a test runs. */
  static final class HeapWatch implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    HeapWatch(Http http) {
      thread =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    while (running.get()) {
                      long used = 0;
                      for (String line : http.get("/metrics").text().split("\n")) {
                        if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
                          used +=
                              (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        }
                      }
                      peak.accumulateAndGet(used, Math::max);
                      try {
                        Thread.sleep(100);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
    }

    long peak() {
      return peak.get();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join();
    }
  }

  static byte[] slice(Path f, long offset, int length) throws Exception {
    try (var ch = java.nio.channels.FileChannel.open(f)) {
      var buf = java.nio.ByteBuffer.allocate(length);
      ch.read(buf, offset);
      return buf.array();
    }
  }

  static HttpResponse<InputStream> stream(Http http, String path) throws Exception {
    HttpRequest req = http.request(path).GET().build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
  }

  static String sha256(InputStream in) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    new DigestInputStream(in, md).transferTo(OutputStream.nullOutputStream());
    return HexFormat.of().formatHex(md.digest());
  }
}
