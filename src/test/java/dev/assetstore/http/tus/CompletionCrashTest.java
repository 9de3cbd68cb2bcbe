package dev.assetstore.http.tus;

import static dev.assetstore.support.SeededContent.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.CrashingUploads;
import dev.assetstore.support.CrashingUploads.Point;
import dev.assetstore.support.Http;
import dev.assetstore.support.SeededContent;
import dev.assetstore.support.ShiftClock;
import dev.assetstore.support.TestBlobStores;
import dev.assetstore.support.TestServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A resumable upload's completion cut off by a crash (issue 16), at the two points where storage
 * and database disagree: after the blob was finished (on S3: the multipart upload completed, so it
 * no longer exists) and before the asset was recorded; and after the completion was recorded and
 * before the storage was tidied. The crash is {@link CrashingUploads} stopping the real store
 * there; the storage and the row are then what a restarted node finds. The upload is one S3 part
 * and a tail, so on S3 the last piece is a part sent at completion, and a tail object is left.
 */
class CompletionCrashTest {
  static final int PART = TusProtocolTest.PART;
  static final int SIZE = PART + 12_345;
  static final ShiftClock CLOCK = new ShiftClock();
  static CrashingUploads blobs;
  static TestServer server;
  static TusHttp tus;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            Map.of("ASSET_STORE_RESUMABLE_EXPIRY_HOURS", "2"),
            CLOCK,
            real -> blobs = new CrashingUploads(real));
    tus = new TusHttp(server.http);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Sends all but the completing piece, then the completing piece, cut off at {@code at}. */
  static String uploadCutAt(long seed, Point at) {
    byte[] content = bytes(seed, SIZE);
    String path = tus.created(SIZE, Map.of("filename", "cut-" + seed + ".bin"));
    assertThat(tus.patch(path, 0, Arrays.copyOf(content, PART)).status()).isEqualTo(204);
    blobs.crashAt(at);
    Http.Resp last = tus.patch(path, PART, Arrays.copyOfRange(content, PART, SIZE));
    assertThat(blobs.crashed()).as("the completion reached the crash point").isTrue();
    if (at == Point.AFTER_FINISH) {
      assertThat(last.status()).as("the cut-off completion is no success").isGreaterThan(499);
    } else {
      assertThat(last.status()).as(last.text()).isEqualTo(204);
    }
    return path;
  }

  /** Checks the asset the upload became, its recorded digest and its bytes; returns its id. */
  static String assertAsset(String path, long seed) {
    Http.Resp asset = server.http.get(path);
    assertThat(asset.status()).as(asset.text()).isEqualTo(200);
    assertThat(asset.json().get("sha256").asText()).isEqualTo(SeededContent.sha256(seed, SIZE));
    String id = asset.json().get("id").asText();
    assertDownload(id, seed);
    return id;
  }

  static void assertDownload(String id, long seed) {
    Http.Resp body = server.http.get("/api/store/asset/download?id=" + id);
    assertThat(body.status()).isEqualTo(200);
    assertThat(body.body()).as("downloaded bytes").isEqualTo(bytes(seed, SIZE));
  }

  /** On S3 the crash before tidying left the tail the last part was read from; on disk nothing. */
  static long leftover() {
    return TestBlobStores.kind().equals("s3") ? 1 : 0;
  }

  @Test
  void retriedLastPieceIsRefusedWithTheEndAndHeadCompletesTheUpload() {
    long before = server.blobFileCount();
    String path = uploadCutAt(81, Point.AFTER_FINISH);
    // The client retries its last piece: every byte is recorded, so it is told the end.
    Http.Resp retried = tus.patch(path, PART, Arrays.copyOfRange(bytes(81, SIZE), PART, SIZE));
    assertThat(retried.status()).as(retried.text()).isEqualTo(409);
    assertThat(retried.header("Upload-Offset")).isEqualTo(Long.toString(SIZE));
    // A tus client that hears the offset is the length sends nothing more: HEAD records the asset.
    Http.Resp head = tus.head(path);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Upload-Offset")).isEqualTo(Long.toString(SIZE));
    assertAsset(path, 81);
    assertThat(server.blobFileCount()).as("the asset's blob alone").isEqualTo(before + 1);
  }

  @Test
  void emptyPieceAtTheEndCompletesTheUpload() {
    long before = server.blobFileCount();
    String path = uploadCutAt(82, Point.AFTER_FINISH);
    Http.Resp done = tus.patch(path, SIZE, new byte[0]);
    assertThat(done.status()).as(done.text()).isEqualTo(204);
    assertThat(done.header("Asset-Location")).isNotNull();
    assertAsset(path, 82);
    assertThat(server.blobFileCount()).as("the asset's blob alone").isEqualTo(before + 1);
  }

  @Test
  void expirySweepTidiesACompletedUploadAndKeepsItsBlob() {
    assertTidiedBy(
        83,
        path -> {
          CLOCK.advance(Duration.ofHours(3));
          try {
            server.server().expireUploads();
          } finally {
            CLOCK.reset();
          }
        });
  }

  @Test
  void terminatingACompletedUploadTidiesItAndKeepsItsBlob() {
    assertTidiedBy(84, path -> assertThat(tus.delete(path).status()).isEqualTo(204));
  }

  /**
   * Completes an upload whose storage is never tidied (the crash point), then has {@code ending}
   * end it: only the asset's blob stays, the upload is forgotten, the asset downloads whole.
   */
  static void assertTidiedBy(long seed, Consumer<String> ending) {
    long before = server.blobFileCount();
    String path = uploadCutAt(seed, Point.BEFORE_TIDY);
    String id = assertAsset(path, seed);
    assertThat(server.blobFileCount()).isEqualTo(before + 1 + leftover());
    ending.accept(path);
    assertThat(server.blobFileCount()).as("the asset's blob alone").isEqualTo(before + 1);
    assertThat(tus.head(path).status()).as("the completed upload is forgotten").isEqualTo(404);
    assertDownload(id, seed);
  }
}
