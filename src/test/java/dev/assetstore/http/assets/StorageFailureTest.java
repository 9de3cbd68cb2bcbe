package dev.assetstore.http.assets;

import static dev.assetstore.http.assets.AssetChecks.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.FailingBlobStore;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.SeededContent;
import dev.assetstore.support.TestServer;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The blob store failing while an upload is written (disk full, I/O error): a clear 507 or 503,
 * nothing half-stored, existing assets untouched and readable, and writes work again once the fault
 * clears. The failure comes from a decorator in front of the real disk store.
 */
class StorageFailureTest {
  static final long SIZE = 3L << 20;
  static TestServer server;
  static FailingBlobStore blobs;
  static Http http;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of(), real -> blobs = new FailingBlobStore(real));
    http = server.http;
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void heal() {
    blobs.heal();
  }

  private static Resp uploadBig(String name, long seed) {
    return http.upload(
        "",
        name,
        "application/octet-stream",
        SeededContent.publisher(seed, SIZE),
        Map.of(),
        Map.of());
  }

  private static void assertNothingStored(long assetsBefore, long filesBefore, String name) {
    assertThat(total(http)).isEqualTo(assetsBefore);
    assertThat(http.get(ASSETS + "?name=" + name).json().get("items")).isEmpty();
    // every blob file, temporary ones included (objects and incomplete uploads on S3)
    assertThat(server.blobFileCount()).as("blob and temporary files").isEqualTo(filesBefore);
  }

  @Test
  void diskFullMidUploadIs507AndStoresNothing() {
    long assets = total(http);
    long files = server.blobFileCount();
    blobs.failWritesAfter(1 << 20, () -> new IOException("No space left on device"));
    Resp r = uploadBig("full.bin", 1);
    JsonNode detail = assertError(r, 507);
    assertThat(detail.asText()).contains("no storage space").contains("nothing was stored");
    assertThat(r.header("Retry-After")).as("a full disk does not clear by itself").isNull();
    assertNothingStored(assets, files, "full.bin");
  }

  @Test
  void quotaExceededAsAFileSystemExceptionIs507Too() {
    long assets = total(http);
    long files = server.blobFileCount();
    blobs.failWritesAfter(
        100_000,
        () -> new FileSystemException("/data/blobs/tmp/x.part", null, "Disk quota exceeded"));
    assertError(uploadBig("quota.bin", 2), 507);
    assertNothingStored(assets, files, "quota.bin");
  }

  @Test
  void otherIoErrorMidUploadIs503WithRetryAfterAndStoresNothing() {
    long assets = total(http);
    long files = server.blobFileCount();
    blobs.failWritesAfter(1 << 20, () -> new IOException("Input/output error"));
    Resp r = uploadBig("eio.bin", 3);
    JsonNode detail = assertError(r, 503);
    assertThat(detail.asText()).contains("storage failed").contains("nothing was stored");
    assertThat(r.header("Retry-After")).isEqualTo("5");
    assertNothingStored(assets, files, "eio.bin");
  }

  @Test
  void failureAfterTheLastByteStoresNothingEither() {
    long assets = total(http);
    long files = server.blobFileCount();
    // Every byte reaches the store, then it fails (as a failing fsync or rename would).
    blobs.failWritesAfter(SIZE, () -> new IOException("No space left on device"));
    assertError(uploadBig("last.bin", 4), 507);
    assertNothingStored(assets, files, "last.bin");
  }

  @Test
  void readsKeepWorkingWhileWritesFailAndWritesResumeAfterwards() {
    String folder = server.createFolder("kept-" + System.nanoTime(), null);
    Resp first = uploadBig("kept.bin", 5);
    JsonNode a = uploaded(first);
    JsonNode b =
        uploaded(http.upload("?folder=" + folder, "small.txt", "small".getBytes(), Map.of()));
    String sha = SeededContent.sha256(5, SIZE);

    blobs.failWritesAfter(0, () -> new IOException("No space left on device"));
    assertError(uploadBig("refused.bin", 6), 507);
    // The same name as an existing asset: the failed write leaves the existing one as it was.
    assertError(uploadBig("kept.bin", 7), 507);

    JsonNode listed = http.get(ASSETS + "?name=kept.bin").json().get("items");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("id").asText()).isEqualTo(a.get("id").asText());
    assertThat(listed.get(0).get("sha256").asText()).isEqualTo(sha);
    Resp down = http.get("/api/store/asset/download?id=" + a.get("id").asText());
    assertThat(down.status()).isEqualTo(200);
    assertThat(sha256Hex(down.body())).isEqualTo(sha);
    Resp zip =
        http.get(
            "/api/store/asset/download?id=" + a.get("id").asText() + "&id=" + b.get("id").asText());
    assertThat(zip.status()).isEqualTo(200);
    assertThat(zip.body().length).isGreaterThan((int) SIZE);
    assertThat(http.get("/api/store/folder/" + folder + "/download").status()).isEqualTo(200);
    Resp patched =
        http.json("PATCH", ASSETS + a.get("id").asText(), Map.of("description", "still writable"));
    assertThat(patched.status()).as("metadata does not need the blob store").isEqualTo(200);
    assertThat(http.get("/ready").status()).isEqualTo(200);

    blobs.heal();
    JsonNode again = uploaded(uploadBig("after.bin", 8));
    assertThat(again.get("sha256").asText()).isEqualTo(SeededContent.sha256(8, SIZE));
  }
}
