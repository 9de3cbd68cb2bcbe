package dev.assetstore.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.TestDatabases;
import dev.assetstore.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Startup removes temporary files and blobs that no record references; it keeps the rest. */
class StartupSweepTest {

  @Test
  void strayTempFilesAndOrphanBlobsAreRemovedReferencedBlobsKept() throws Exception {
    Path dir = Files.createTempDirectory("sweep");
    // the same database for both starts (on SQLite it is in the data directory anyway)
    Map<String, String> db = TestDatabases.freshEnv();
    TestServer first = TestServer.start(dir, db);
    var kept = first.http.upload("kept.txt", "keep me".getBytes());
    assertThat(kept.status()).isEqualTo(201);
    String id = kept.json().get("id").asText();
    first.stop();

    var blobs = first.blobStorage();
    String orphan = "abcd" + "0".repeat(28);
    blobs.plantOrphan(orphan, "nobody references me");
    blobs.plantInterruptedWrite();
    assertThat(blobs.exists(orphan)).isTrue();
    assertThat(blobs.count()).isEqualTo(3);

    // The sweep judges blobs written before the server's start on the store's clock, which on
    // S3 keeps whole seconds.
    Thread.sleep(1_100);
    try (TestServer second = TestServer.start(dir, db)) {
      // It runs in the background: /ready does not wait for it.
      assertThat(second.server().startupSweep().get(30, TimeUnit.SECONDS)).isEqualTo(1L);
      assertThat(blobs.exists(orphan)).isFalse();
      assertThat(second.blobFileCount()).isEqualTo(1);
      var down = second.http.get("/api/store/asset/download?id=" + id);
      assertThat(down.status()).isEqualTo(200);
      assertThat(down.text()).isEqualTo("keep me");
    }
  }
}
