package dev.assetstore.http.tus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetstore.support.HangingPatch;
import dev.assetstore.support.Http;
import dev.assetstore.support.SeededContent;
import dev.assetstore.support.TestServer;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resuming after real failures: the connection cut in the middle of a piece at several points
 * (tus-java-client resumes from the server's offset), and a piece left hanging by a client that
 * stopped sending, which a HEAD ends within seconds.
 */
class TusResumeTest {
  static final long SIZE = 12L * 1024 * 1024 + 11;
  static TestServer server;
  static TusHttp tus;
  static CuttingProxy proxy;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    tus = new TusHttp(server.http);
    proxy = new CuttingProxy(server.port());
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
    server.close();
  }

  static TusClient client(TusURLMemoryStore urls) throws Exception {
    TusClient c = new TusClient();
    c.setUploadCreationURL(URI.create("http://127.0.0.1:" + proxy.port() + TusHttp.BASE).toURL());
    c.setHeaders(Map.of("X-API-Key", TestServer.ADMIN_KEY));
    c.enableResuming(urls);
    return c;
  }

  static TusUpload upload(long seed, String fingerprint) {
    TusUpload u = new TusUpload();
    u.setInputStream(new SeededContent(seed, SIZE));
    u.setSize(SIZE);
    u.setFingerprint(fingerprint);
    u.setMetadata(Map.of("filename", "cut-" + seed + ".bin"));
    return u;
  }

  static void send(TusUploader up) throws Exception {
    up.setChunkSize(64 * 1024);
    up.setRequestPayloadSize((int) SIZE);
    while (up.uploadChunk() > -1) {
      // one request carries the whole file, unless it is cut
    }
    up.finish();
  }

  void cutAt(long seed, long cutAfter) throws Exception {
    TusURLMemoryStore urls = new TusURLMemoryStore();
    String fp = "cut-" + seed;
    TusUploader first = client(urls).resumeOrCreateUpload(upload(seed, fp));
    String path = first.getUploadURL().getPath();
    proxy.cutAfter(cutAfter);
    assertThatThrownBy(() -> send(first)).isInstanceOf(java.io.IOException.class);
    proxy.disarm();
    // The bytes forwarded before the cut are still travelling through the server's socket
    // buffers; a HEAD sent at once would end the piece before they are read (and they would be
    // sent again, correctly, but this test is about keeping them).
    Thread.sleep(700);
    long offset = Long.parseLong(tus.head(path).header("Upload-Offset"));
    // Nothing the server did not receive is counted, and what it had taken from the connection
    // is kept. Bytes still queued below the paused request when the connection closed are not
    // (measured 2026-12-07: 17 KiB to 1.8 MiB short of the cut); the client sends them again.
    assertThat(offset).isLessThanOrEqualTo(cutAfter);
    assertThat(offset).isGreaterThanOrEqualTo(Math.max(0, cutAfter - 4 * 1024 * 1024));
    TusUploader second = client(urls).resumeOrCreateUpload(upload(seed, fp));
    assertThat(second.getUploadURL().getPath()).isEqualTo(path);
    assertThat(second.getOffset()).isEqualTo(offset);
    send(second);
    Http.Resp a = server.http.get(path);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().get("sha256").asText()).isEqualTo(SeededContent.sha256(seed, SIZE));
    Http.Resp d = server.http.get("/api/store/asset/download?id=" + a.json().get("id").asText());
    try (InputStream expected = new SeededContent(seed, SIZE)) {
      assertThat(d.body()).isEqualTo(expected.readAllBytes());
    }
  }

  @Test
  void cutInTheHeaders() throws Exception {
    cutAt(21, 100);
  }

  @Test
  void cutEarlyInTheBody() throws Exception {
    cutAt(22, 70 * 1024 + 3);
  }

  @Test
  void cutAfterACheckpoint() throws Exception {
    cutAt(23, 9L * 1024 * 1024 + 5);
  }

  @Test
  void cutNearTheEnd() throws Exception {
    cutAt(24, SIZE - 1000);
  }

  @Test
  void aHangingPieceIsEndedByAHeadWithinSeconds() throws Exception {
    long seed = 25;
    int size = 1024 * 1024;
    byte[] all = SeededContent.bytes(seed, size);
    String path = tus.created(size, Map.of("filename", "hang.bin"));
    int sent = 300_000;
    try (HangingPatch hanging =
        HangingPatch.start(
            server.port(), path, HangingPatch.TUS, all, sent, Duration.ofSeconds(15))) {
      // The client now stops sending and keeps its socket open. Let the bytes reach the server.
      Thread.sleep(500);
      long t0 = System.nanoTime();
      Http.Resp h = tus.head(path);
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertThat(h.status()).isEqualTo(200);
      assertThat(millis).isLessThan(3000);
      assertThat(h.header("Upload-Offset")).isEqualTo(Integer.toString(sent));
      // The hanging request never got a success: its connection was closed without an answer.
      assertThat(hanging.answer()).doesNotContain(" 204 ");
    }
    Http.Resp rest = tus.patch(path, sent, java.util.Arrays.copyOfRange(all, sent, size));
    assertThat(rest.status()).isEqualTo(204);
    Http.Resp a = server.http.get(path);
    assertThat(a.json().get("sha256").asText()).isEqualTo(SeededContent.sha256(seed, size));
  }
}
