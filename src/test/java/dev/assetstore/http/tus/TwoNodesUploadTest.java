package dev.assetstore.http.tus;

import static dev.assetstore.support.SeededContent.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.EmbeddedPg;
import dev.assetstore.support.EmbeddedS3;
import dev.assetstore.support.HangingPatch;
import dev.assetstore.support.Http;
import dev.assetstore.support.SeededContent;
import dev.assetstore.support.TestBlobStores;
import dev.assetstore.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL database and one blob store (a shared directory, or one S3 bucket in
 * the postgres-s3 run), as behind a load balancer without sticky sessions: an upload started on A
 * continues on B and finishes on A, and a piece left hanging on A is ended by a HEAD on B.
 */
class TwoNodesUploadTest {
  static Path blobs;
  static TestServer a;
  static TestServer b;

  @BeforeAll
  static void start() throws Exception {
    blobs = Files.createTempDirectory("tus-two-nodes");
    String blobUrl =
        TestBlobStores.kind().equals("s3") ? EmbeddedS3.shared().freshBucketUrl() : "file:" + blobs;
    Map<String, String> shared =
        Map.of(
            "ASSET_STORE_DB_URL", EmbeddedPg.freshDatabaseUrl(), "ASSET_STORE_BLOB_URL", blobUrl);
    a = TestServer.start(shared);
    b = TestServer.start(shared);
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
    TestServer.deleteRecursively(blobs);
  }

  @Test
  void startOnAResumeOnBFinishOnA() throws Exception {
    int size = 21 * 1024 * 1024 + 3;
    byte[] all = bytes(41, size);
    TusHttp onA = new TusHttp(a.http);
    TusHttp onB = new TusHttp(b.http);
    String path = onA.created(size, Map.of("filename", "roams.bin"));
    int p1 = 9 * 1024 * 1024 + 1; // past a checkpoint, mid-part
    int p2 = 18 * 1024 * 1024 + 7;
    assertThat(onA.patch(path, 0, Arrays.copyOfRange(all, 0, p1)).status()).isEqualTo(204);
    assertThat(onB.head(path).header("Upload-Offset")).isEqualTo(Integer.toString(p1));
    assertThat(onB.patch(path, p1, Arrays.copyOfRange(all, p1, p2)).status()).isEqualTo(204);
    assertThat(onA.head(path).header("Upload-Offset")).isEqualTo(Integer.toString(p2));
    Http.Resp last = onA.patch(path, p2, Arrays.copyOfRange(all, p2, size));
    assertThat(last.status()).isEqualTo(204);
    Http.Resp asset = b.http.get(last.header("Asset-Location"));
    assertThat(asset.json().get("sha256").asText()).isEqualTo(SeededContent.sha256(41, size));
    Http.Resp d = b.http.get("/api/store/asset/download?id=" + asset.json().get("id").asText());
    assertThat(d.body()).isEqualTo(all);
  }

  @Test
  void aPieceHangingOnAIsEndedByAHeadOnB() throws Exception {
    int size = 3 * 1024 * 1024;
    byte[] all = bytes(42, size);
    String path = new TusHttp(a.http).created(size, Map.of("filename", "hangs.bin"));
    int sent = 1_500_000;
    try (HangingPatch hanging =
        HangingPatch.start(a.port(), path, HangingPatch.TUS, all, sent, Duration.ofSeconds(20))) {
      // The client stops sending and keeps its socket open; the bytes reach node A.
      Thread.sleep(700);
      long t0 = System.nanoTime();
      Http.Resp h = new TusHttp(b.http).head(path);
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertThat(h.status()).isEqualTo(200);
      assertThat(millis).isLessThan(5000);
      long offset = Long.parseLong(h.header("Upload-Offset"));
      assertThat(offset).isBetween(1L, (long) sent);
      assertThat(hanging.answer()).doesNotContain(" 204 ");
      Http.Resp rest =
          new TusHttp(b.http).patch(path, offset, Arrays.copyOfRange(all, (int) offset, size));
      assertThat(rest.status()).isEqualTo(204);
      Http.Resp asset = b.http.get(rest.header("Asset-Location"));
      assertThat(asset.json().get("sha256").asText()).isEqualTo(SeededContent.sha256(42, size));
    }
  }
}
