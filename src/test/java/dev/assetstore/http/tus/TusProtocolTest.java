package dev.assetstore.http.tus;

import static dev.assetstore.support.SeededContent.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.SeededContent;
import dev.assetstore.support.ShiftClock;
import dev.assetstore.support.TestServer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * tus 1.0.0 header by header: the options, creation, offsets, checksums, termination and expiry,
 * and every refusal with its status, a {@code detail}, and nothing changed.
 */
class TusProtocolTest {
  static final ShiftClock CLOCK = new ShiftClock();
  static TestServer server;
  static TusHttp tus;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            Map.of(
                "ASSET_STORE_MAX_RESUMABLE_BYTES",
                Long.toString(64L * 1024 * 1024),
                "ASSET_STORE_RESUMABLE_EXPIRY_HOURS",
                "2"),
            CLOCK);
    tus = new TusHttp(server.http);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String b64(String alg, byte[] b) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance(alg).digest(b));
  }

  @Test
  void optionsNamesTheProtocolWithoutCredentials() {
    Http.Resp r =
        server
            .http
            .as(null)
            .send(
                server
                    .http
                    .as(null)
                    .request(TusHttp.BASE)
                    .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                    .build());
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("Tus-Resumable")).isEqualTo("1.0.0");
    assertThat(r.header("Tus-Version")).isEqualTo("1.0.0");
    assertThat(r.header("Tus-Extension"))
        .isEqualTo("creation,creation-with-upload,termination,expiration,checksum");
    assertThat(r.header("Tus-Max-Size")).isEqualTo(Long.toString(64L * 1024 * 1024));
    assertThat(r.header("Tus-Checksum-Algorithm")).isEqualTo("sha1,sha256");
  }

  @Test
  void piecesAppendAtTheOffsetAndHeadReportsIt() throws Exception {
    byte[] all = bytes(10, 3000);
    String path = tus.created(3000, Map.of("filename", "p.bin"));
    assertThat(path).startsWith(TusHttp.BASE);
    Http.Resp h = tus.head(path);
    assertThat(h.status()).isEqualTo(200);
    assertThat(h.header("Upload-Offset")).isEqualTo("0");
    assertThat(h.header("Upload-Length")).isEqualTo("3000");
    assertThat(h.header("Cache-Control")).isEqualTo("no-store");
    assertThat(h.header("Upload-Expires")).endsWith("GMT");
    Http.Resp p1 = tus.patch(path, 0, Arrays.copyOfRange(all, 0, 1000));
    assertThat(p1.status()).isEqualTo(204);
    assertThat(p1.header("Upload-Offset")).isEqualTo("1000");
    assertThat(p1.header("Asset-Location")).isNull();
    assertThat(tus.head(path).header("Upload-Offset")).isEqualTo("1000");
    // Not yet complete: no asset.
    assertThat(server.http.get(path).status()).isEqualTo(404);
    Http.Resp p2 = tus.patch(path, 1000, Arrays.copyOfRange(all, 1000, 3000));
    assertThat(p2.status()).isEqualTo(204);
    assertThat(p2.header("Upload-Offset")).isEqualTo("3000");
    String assetPath = p2.header("Asset-Location");
    assertThat(assetPath).startsWith("/api/store/asset/");
    Http.Resp a = server.http.get(assetPath);
    assertThat(a.json().get("sha256").asText()).isEqualTo(SeededContent.sha256(10, 3000));
    assertThat(server.http.get(path).json().get("id").asText())
        .isEqualTo(a.json().get("id").asText());
  }

  @Test
  void wrongOffsetIs409WithTheCurrentOffsetAndAppendsNothing() throws Exception {
    String path = tus.created(100, Map.of("filename", "o.bin"));
    assertThat(tus.patch(path, 0, bytes(1, 10)).status()).isEqualTo(204);
    Http.Resp r = tus.patch(path, 5, bytes(1, 10));
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.header("Upload-Offset")).isEqualTo("10");
    assertThat(r.json().get("detail").asText()).contains("10");
    assertThat(tus.head(path).header("Upload-Offset")).isEqualTo("10");
  }

  @Test
  void bytesPastTheLengthAre413AndAppendNothing() throws Exception {
    String path = tus.created(10, Map.of("filename", "l.bin"));
    Http.Resp r = tus.patch(path, 0, bytes(1, 11));
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.json().get("detail").asText()).isNotEmpty();
    assertThat(tus.head(path).header("Upload-Offset")).isEqualTo("0");
  }

  @Test
  void lengthOverTheLimitIs413AndCreatesNothing() {
    Http.Resp r = tus.create(64L * 1024 * 1024 + 1, Map.of("filename", "big.bin"));
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.header("Location")).isNull();
  }

  @Test
  void wrongContentTypeIs415() throws Exception {
    String path = tus.created(10, Map.of("filename", "t.bin"));
    Http.Resp r = tus.patch(path, 0, bytes(1, 10), "Content-Type", "application/octet-stream");
    assertThat(r.status()).isEqualTo(415);
    assertThat(tus.head(path).header("Upload-Offset")).isEqualTo("0");
  }

  @Test
  void checksumMismatchIs460AndThePieceIsDiscarded() throws Exception {
    byte[] piece = bytes(3, 500);
    String path = tus.created(1000, Map.of("filename", "c.bin"));
    Http.Resp bad =
        tus.patch(path, 0, piece, "Upload-Checksum", "sha256 " + b64("SHA-256", bytes(4, 500)));
    assertThat(bad.status()).isEqualTo(460);
    assertThat(bad.json().get("detail").asText()).containsIgnoringCase("checksum");
    assertThat(tus.head(path).header("Upload-Offset")).isEqualTo("0");
    Http.Resp good = tus.patch(path, 0, piece, "Upload-Checksum", "sha1 " + b64("SHA-1", piece));
    assertThat(good.status()).isEqualTo(204);
    assertThat(good.header("Upload-Offset")).isEqualTo("500");
    Http.Resp other = tus.patch(path, 500, piece, "Upload-Checksum", "md5 AAAA");
    assertThat(other.status()).isEqualTo(400);
  }

  @Test
  void unknownOrForeignUploadsAre404() throws Exception {
    String path = tus.created(10, Map.of("filename", "f.bin"));
    String otherKey = server.http.createKey("store:read", "store:write");
    TusHttp other = new TusHttp(server.http.as(otherKey));
    assertThat(other.head(path).status()).isEqualTo(404);
    assertThat(other.patch(path, 0, bytes(1, 10)).status()).isEqualTo(404);
    assertThat(other.delete(path).status()).isEqualTo(404);
    assertThat(tus.head(TusHttp.BASE + "0190c1d2-0000-7000-8000-000000000000").status())
        .isEqualTo(404);
    assertThat(tus.head(TusHttp.BASE + "not-an-id").status()).isEqualTo(404);
    assertThat(tus.head(path).header("Upload-Offset")).isEqualTo("0");
  }

  @Test
  void badMetadataIs422AtCreationAndUnknownFolder404() {
    long before = server.blobFileCount();
    Http.Resp noName = tus.create(10, Map.of("filetype", "text/plain"));
    assertThat(noName.status()).isEqualTo(422);
    assertThat(noName.json().get("detail").get(0).get("loc").toString())
        .isEqualTo("[\"header\",\"Upload-Metadata\",\"name\"]");
    Http.Resp badJson = tus.create(10, Map.of("filename", "a", "tags", "[1,"));
    assertThat(badJson.status()).isEqualTo(422);
    Http.Resp badName = tus.create(10, Map.of("filename", "a/b"));
    assertThat(badName.status()).isEqualTo(422);
    Http.Resp notObject = tus.create(10, Map.of("filename", "a", "metadata", "[]"));
    assertThat(notObject.status()).isEqualTo(422);
    Http.Resp folder =
        tus.create(10, Map.of("filename", "a", "folder", "0190c1d2-0000-7000-8000-000000000000"));
    assertThat(folder.status()).isEqualTo(404);
    assertThat(server.blobFileCount()).isEqualTo(before);
  }

  @Test
  void requestsWithoutTheProtocolHeaderAre412() {
    Http.Resp r =
        server.http.send(
            server
                .http
                .request(TusHttp.BASE)
                .header("Upload-Length", "10")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(r.status()).isEqualTo(412);
    assertThat(r.header("Tus-Version")).isEqualTo("1.0.0");
  }

  @Test
  void terminationFreesTheBytes() throws Exception {
    long before = server.blobFileCount();
    String path = tus.created(20L * 1024 * 1024, Map.of("filename", "d.bin"));
    assertThat(tus.patch(path, 0, bytes(5, 9 * 1024 * 1024)).status()).isEqualTo(204);
    assertThat(server.blobFileCount()).isGreaterThan(before);
    assertThat(tus.delete(path).status()).isEqualTo(204);
    assertThat(tus.head(path).status()).isEqualTo(404);
    assertThat(server.blobFileCount()).isEqualTo(before);
  }

  static final int PART = 8 * 1024 * 1024;
  static final int PIECE = 1024 * 1024 + 7; // pieces end at a different place in every part

  /**
   * Sends {@code all} up to {@code upTo} in small pieces. After each, what the unfinished upload
   * holds stays bounded: its part file on disk; its multipart upload and one tail object on S3 (the
   * bytes short of a part), never one tail per part.
   */
  static void sendInPieces(String path, byte[] all, int upTo, long before) {
    for (int at = 0; at < upTo; at += PIECE) {
      int end = Math.min(at + PIECE, upTo);
      assertThat(tus.patch(path, at, Arrays.copyOfRange(all, at, end)).status())
          .as("PATCH at %d", at)
          .isEqualTo(204);
      if (end < all.length) {
        assertThat(server.blobFileCount() - before)
            .as("things stored for the upload after %d bytes", end)
            .isLessThanOrEqualTo(2);
      }
    }
  }

  @Test
  void manySmallPiecesKeepOneTailAndCompletionLeavesOnlyTheBlob() {
    int size = 3 * PART + 100_003;
    long before = server.blobFileCount();
    String path = tus.created(size, Map.of("filename", "pieces.bin"));
    sendInPieces(path, bytes(61, size), size, before);
    Http.Resp asset = server.http.get(path);
    assertThat(asset.json().get("sha256").asText()).isEqualTo(SeededContent.sha256(61, size));
    assertThat(server.blobFileCount()).isEqualTo(before + 1);
  }

  @Test
  void terminationAfterManySmallPiecesLeavesNothing() {
    int size = 3 * PART;
    long before = server.blobFileCount();
    String path = tus.created(size, Map.of("filename", "dropped.bin"));
    sendInPieces(path, bytes(62, size), 2 * PART + 3 * PIECE, before);
    assertThat(server.blobFileCount()).isGreaterThan(before);
    assertThat(tus.delete(path).status()).isEqualTo(204);
    assertThat(server.blobFileCount()).isEqualTo(before);
  }

  @Test
  void idleUploadsExpireTo410AndTheirBytesAreFreed() throws Exception {
    // Other tests' idle uploads expire first, so that the count below is this upload's alone.
    CLOCK.advance(Duration.ofHours(3));
    server.server().expireUploads();
    CLOCK.reset();
    long before = server.blobFileCount();
    String path = tus.created(20L * 1024 * 1024, Map.of("filename", "e.bin"));
    assertThat(tus.patch(path, 0, bytes(6, 9 * 1024 * 1024)).status()).isEqualTo(204);
    assertThat(server.server().expireUploads()).isZero();
    assertThat(server.blobFileCount()).isGreaterThan(before);
    CLOCK.advance(Duration.ofHours(3));
    try {
      assertThat(tus.head(path).status()).isEqualTo(410);
      assertThat(tus.patch(path, 9 * 1024 * 1024, bytes(6, 10)).status()).isEqualTo(410);
      assertThat(server.server().expireUploads()).isEqualTo(1);
      assertThat(server.blobFileCount()).isEqualTo(before);
      assertThat(tus.head(path).status()).isEqualTo(410);
    } finally {
      CLOCK.reset();
    }
  }

  @Test
  void creationWithUploadTakesTheFirstPiece() throws Exception {
    byte[] first = bytes(7, 700);
    Http.Resp r =
        server.http.send(
            server
                .http
                .request(TusHttp.BASE)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "1000")
                .header("Upload-Metadata", TusHttp.metadata(Map.of("filename", "w.bin")))
                .header("Content-Type", "application/offset+octet-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(first))
                .build());
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Upload-Offset")).isEqualTo("700");
    assertThat(tus.head(r.header("Location")).header("Upload-Offset")).isEqualTo("700");
  }

  @Test
  void nameConflictsAreResolvedAtCompletion() throws Exception {
    String folder = server.createFolder("conflicts", null);
    String a = tus.created(1, Map.of("filename", "same.txt", "folder", folder));
    String b = tus.created(1, Map.of("filename", "same.txt", "folder", folder));
    String c =
        tus.created(1, Map.of("filename", "same.txt", "folder", folder, "on_conflict", "error"));
    assertThat(tus.patch(a, 0, new byte[] {'x'}).status()).isEqualTo(204);
    assertThat(tus.patch(b, 0, new byte[] {'y'}).status()).isEqualTo(204);
    assertThat(server.http.get(b).json().get("name").asText()).isEqualTo("same (1).txt");
    Http.Resp refused = tus.patch(c, 0, new byte[] {'z'});
    assertThat(refused.status()).isEqualTo(409);
  }
}
