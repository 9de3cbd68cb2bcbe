package dev.assetstore.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A failed upload leaves no row and no blob: client aborts and broken bodies. */
class StorageSafetyTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String head(String boundary, long contentLength) {
    return "POST /api/store/asset/upload HTTP/1.1\r\n"
        + "Host: localhost\r\n"
        + "X-API-Key: "
        + TestServer.ADMIN_KEY
        + "\r\n"
        + "Content-Type: multipart/form-data; boundary="
        + boundary
        + "\r\n"
        + "Content-Length: "
        + contentLength
        + "\r\n\r\n"
        + "--"
        + boundary
        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.bin\"\r\n\r\n";
  }

  private long total() {
    return server.http.get("/api/store/asset/").json().get("collection_total").asLong();
  }

  private void awaitNoBlobs() throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (server.blobFileCount() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
  }

  @Test
  void clientAbortMidUploadStoresNothing() throws Exception {
    long before = total();
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(head("b0undary", 10_000_000).getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[64 * 1024];
      for (int i = 0; i < 40; i++) {
        out.write(chunk);
      }
      out.flush();
      Thread.sleep(300);
    } // closed mid-body
    awaitNoBlobs();
    assertThat(server.blobFileCount()).isZero();
    assertThat(total()).isEqualTo(before);
  }

  @Test
  void bodyEndingWithoutClosingBoundaryIsRefusedAndStoresNothing() throws Exception {
    long before = total();
    String h = head("zz", 0);
    byte[] body = "abcdef".getBytes(StandardCharsets.US_ASCII);
    String afterHeaders = h.substring(h.indexOf("\r\n\r\n") + 4);
    long len = afterHeaders.length() + body.length;
    String start = head("zz", len);
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(start.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(response).startsWith("HTTP/1.1 4");
    }
    awaitNoBlobs();
    assertThat(server.blobFileCount()).isZero();
    assertThat(total()).isEqualTo(before);
  }
}
