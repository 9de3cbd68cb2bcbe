package dev.assetstore.http.folders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.FailingBlobStore;
import dev.assetstore.support.Http;
import dev.assetstore.support.TestServer;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An upload whose target folder is deleted (recursively) while its bytes are still arriving: the
 * folder was there when the upload began, and is gone when the record would be written. Found by
 * {@code CrashSafetyIT}: this answered 500 (a foreign-key failure); it is the client's 404, with
 * nothing stored.
 */
class FolderDeletedDuringUploadTest {
  static TestServer server;
  static FailingBlobStore blobs;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of(), real -> blobs = new FailingBlobStore(real));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A body that sends half its bytes, then waits for {@code gate} before sending the rest. */
  static InputStream gated(int half, CountDownLatch halfSent, CountDownLatch gate) {
    InputStream rest =
        new InputStream() {
          int left = half;

          @Override
          public int read() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int read(byte[] b, int off, int len) {
            halfSent.countDown();
            try {
              gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            if (left == 0) {
              return -1;
            }
            int n = Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 'y');
            left -= n;
            return n;
          }
        };
    return new SequenceInputStream(new java.io.ByteArrayInputStream(new byte[half]), rest);
  }

  @Test
  void uploadIntoAFolderDeletedMeanwhileIs404AndStoresNothing() throws Exception {
    Http http = server.http.http11();
    String parent = server.createFolder("parent", null);
    String child = server.createFolder("child", parent);
    long filesBefore = server.blobFileCount();
    int half = 512 * 1024;
    CountDownLatch halfSent = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    CompletableFuture<Http.Resp> upload =
        CompletableFuture.supplyAsync(
            () ->
                http.upload(
                    "?folder=" + child,
                    "late.bin",
                    "application/octet-stream",
                    BodyPublishers.fromPublisher(
                        BodyPublishers.ofInputStream(() -> gated(half, halfSent, gate)), 2L * half),
                    Map.of(),
                    Map.of()));
    assertThat(halfSent.await(30, TimeUnit.SECONDS)).isTrue();
    // The folder check has passed once the bytes are being written to the blob store.
    long deadline = System.currentTimeMillis() + 30_000;
    while (blobs.writesStarted() == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertThat(blobs.writesStarted()).as("the upload is being written").isEqualTo(1);
    Http.Resp deleted = http.delete("/api/store/folder/" + parent + "?recursive=true");
    assertThat(deleted.status()).as(deleted.text()).isEqualTo(204);
    gate.countDown();

    Http.Resp r = upload.get(60, TimeUnit.SECONDS);
    assertThat(r.status()).as(r.text()).isEqualTo(404);
    assertThat(r.json().get("detail").asText()).isEqualTo("Folder not found");
    assertThat(http.get("/api/store/asset/?name=late.bin").json().get("items")).isEmpty();
    assertThat(server.blobFileCount()).isEqualTo(filesBefore);
  }
}
