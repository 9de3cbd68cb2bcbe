package dev.assetstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.EmbeddedS3;
import dev.assetstore.support.ProcessServer;
import dev.assetstore.support.RawTus;
import dev.assetstore.support.SeededContent;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Resumable uploads in bounded memory (issue 16): the jar with a 64 MiB heap takes a 1 GiB tus
 * upload in 64 MiB PATCHes, on disk and on S3 (s3proxy), streamed from a generated stream on the
 * test side too. Heap use is sampled through /metrics and must stay under the heap cap with {@code
 * -XX:+ExitOnOutOfMemoryError} set (an OOM would end the process); the asset's sha256 and the
 * downloaded bytes are checked.
 */
class ResumableMemoryIT {
  static final long SIZE = 1024L * 1024 * 1024;
  static final long PIECE = 64L * 1024 * 1024;
  static final long SEED = 1616;

  @Test
  void oneGibibyteOnDiskIn64MibPieces() throws Exception {
    try (ProcessServer server = start(Map.of())) {
      run(server, "disk");
    }
  }

  @Test
  void oneGibibyteOnS3In64MibPieces() throws Exception {
    try (EmbeddedS3 s3 = EmbeddedS3.startNew()) {
      String bucket = s3.freshBucket();
      Map<String, String> env = new HashMap<>(EmbeddedS3.credentialsEnv());
      env.put("ASSET_STORE_BLOB_URL", s3.url(bucket, "assets/"));
      try (ProcessServer server = start(env)) {
        run(server, "S3");
        assertThat(s3.incompleteUploadCount(bucket)).as("no multipart upload left open").isZero();
      }
    }
  }

  static ProcessServer start(Map<String, String> extra) throws Exception {
    Map<String, String> env = new HashMap<>(extra);
    env.put("ASSET_STORE_MAX_RESUMABLE_BYTES", Long.toString(2 * SIZE));
    return ProcessServer.start(List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"), env);
  }

  static void run(ProcessServer server, String backend) throws Exception {
    RawTus tus = new RawTus(server.http);
    String path = tus.create(SIZE, Map.of("filename", "gig.bin"));
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    String assetLocation = null;
    long upNanos;
    long peakUp;
    try (S3MemoryBoundIT.HeapWatch heap = new S3MemoryBoundIT.HeapWatch(server.http);
        InputStream source = new DigestInputStream(new SeededContent(SEED, SIZE), md)) {
      long t0 = System.nanoTime();
      for (long offset = 0; offset < SIZE; offset += PIECE) {
        HttpResponse<String> r = tus.patch(path, offset, source, PIECE);
        assertThat(r.statusCode()).as("PATCH at %d: %s", offset, r.body()).isEqualTo(204);
        assertThat(r.headers().firstValue("Upload-Offset")).hasValue(Long.toString(offset + PIECE));
        assetLocation = r.headers().firstValue("Asset-Location").orElse(null);
      }
      upNanos = System.nanoTime() - t0;
      peakUp = heap.peak();
    }
    String sha = HexFormat.of().formatHex(md.digest());
    assertThat(assetLocation).as("the last PATCH names the asset").isNotNull();
    var asset = server.http.get(assetLocation);
    assertThat(asset.status()).isEqualTo(200);
    assertThat(asset.json().get("size").asLong()).isEqualTo(SIZE);
    assertThat(asset.json().get("sha256").asText()).isEqualTo(sha);
    assertThat(asset.json().get("name").asText()).isEqualTo("gig.bin");

    long t0 = System.nanoTime();
    HttpResponse<InputStream> down =
        S3MemoryBoundIT.stream(
            server.http, "/api/store/asset/download?id=" + asset.json().get("id").asText());
    assertThat(down.statusCode()).isEqualTo(200);
    assertThat(S3MemoryBoundIT.sha256(down.body())).isEqualTo(sha);
    long downNanos = System.nanoTime() - t0;

    assertThat(server.isAlive()).as("server survived with a 64 MiB heap").isTrue();
    assertThat(peakUp).as("heap was sampled while uploading").isPositive();
    System.out.printf(
        "Resumable on %s, 1 GiB in 64 MiB PATCHes: upload %.1f MB/s, download %.1f MB/s,"
            + " peak heap used while uploading %d MiB%n",
        backend, SIZE / 1e6 / (upNanos / 1e9), SIZE / 1e6 / (downNanos / 1e9), peakUp >> 20);
  }
}
