package dev.assetstore.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.RawHttp;
import dev.assetstore.support.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: a client that sends its request too slowly is cut off within a bounded time and holds no
 * worker meanwhile. Deadlines are set short here (head {@value #HEAD_SECONDS} s, body grace {@value
 * #BODY_SECONDS} s) so the test runs quickly; the rules are the production ones.
 */
class SlowLorisTest {
  static final int HEAD_SECONDS = 4;
  static final int BODY_SECONDS = 2;
  static final int LORISES = 120;

  /** The sweep runs every 200 ms; allow that plus a loaded machine's scheduling. */
  static final long SLACK_MILLIS = 1500;

  static TestServer server;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            Map.of(
                "ASSET_STORE_HEADER_TIMEOUT_SECONDS", Integer.toString(HEAD_SECONDS),
                "ASSET_STORE_BODY_TIMEOUT_SECONDS", Integer.toString(BODY_SECONDS)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** What one slow client saw: when the server closed on it, and whether it got any answer. */
  record Cut(long afterMillis, String received) {}

  @Test
  void manyHeaderTricklersAreCutOffAtTheDeadlineWhileOtherRequestsAreServed() throws Exception {
    String head =
        "GET /api/store/asset/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: "
            + TestServer.ADMIN_KEY
            + "\r\nX-Padding: "
            + "p".repeat(200)
            + "\r\n\r\n";
    List<Future<Cut>> lorises = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < LORISES; i++) {
        lorises.add(pool.submit(() -> trickle(head.getBytes(StandardCharsets.US_ASCII), 500)));
      }
      Thread.sleep(500); // every loris connected and trickling

      // Meanwhile the server answers everyone else at once: nothing waits for a loris.
      Http client = server.http.http11();
      List<Long> millis = new ArrayList<>();
      long until = System.currentTimeMillis() + HEAD_SECONDS * 1000L - 1000;
      while (System.currentTimeMillis() < until) {
        long t0 = System.nanoTime();
        assertThat(client.get("/api/store/folder/").status()).isEqualTo(200);
        assertThat(client.get("/health").status()).isEqualTo(200);
        millis.add((System.nanoTime() - t0) / 1_000_000);
        Thread.sleep(50);
      }
      // Served while every loris was still trickling: none waited for a loris to be cut (that
      // would take the whole head deadline), and typically they were quick.
      assertThat(millis).hasSizeGreaterThan(5);
      assertThat(java.util.Collections.max(millis)).isLessThan(HEAD_SECONDS * 1000L - 1000);
      assertThat(millis.stream().sorted().toList().get(millis.size() / 2))
          .as("median pair of normal requests, ms")
          .isLessThan(500);
      for (Future<Cut> f : lorises) {
        assertThat(f.isDone()).as("the lorises were still connected meanwhile").isFalse();
      }

      for (Future<Cut> f : lorises) {
        Cut cut = f.get();
        assertThat(cut.received()).as("a loris never gets a response").isEmpty();
        assertThat(cut.afterMillis())
            .as("closed after the head deadline, not before and not much later")
            .isBetween(HEAD_SECONDS * 1000L - 250, HEAD_SECONDS * 1000L + SLACK_MILLIS);
      }
    }
    // And the server is none the worse for it.
    assertThat(server.http.get("/ready").status()).isEqualTo(200);
  }

  /**
   * Sends {@code bytes} one at a time, {@code gapMillis} apart, until the server closes; returns
   * when that happened (measured from the connection) and anything the server sent.
   */
  private static Cut trickle(byte[] bytes, int gapMillis) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      long start = System.nanoTime();
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      s.setSoTimeout(gapMillis);
      StringBuilder received = new StringBuilder();
      for (int i = 0; i < bytes.length; i++) {
        try {
          out.write(bytes[i]);
          out.flush();
          int b = in.read();
          if (b < 0) {
            break;
          }
          received.append((char) b);
        } catch (SocketTimeoutException e) {
          continue; // the gap: nothing came back, the connection is still open
        } catch (IOException e) {
          break; // reset: closed
        }
      }
      return new Cut((System.nanoTime() - start) / 1_000_000, received.toString());
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosedAtTheHeadDeadline() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      long start = System.nanoTime();
      s.setSoTimeout((int) (HEAD_SECONDS * 1000L + SLACK_MILLIS + 2000));
      assertThat(s.getInputStream().read()).isEqualTo(-1);
      long after = (System.nanoTime() - start) / 1_000_000;
      assertThat(after).isBetween(HEAD_SECONDS * 1000L - 250, HEAD_SECONDS * 1000L + SLACK_MILLIS);
    }
  }

  @Test
  void aKeptAliveConnectionGetsTheSameDeadlineForItsNextRequest() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      // The deadline runs from the response's end, which is after the request was sent.
      long sent = System.nanoTime();
      s.getOutputStream()
          .write(
              "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      byte[] buf = new byte[4096];
      int n = in.read(buf);
      assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
      long answered = System.nanoTime();
      s.setSoTimeout((int) (HEAD_SECONDS * 1000L + SLACK_MILLIS + 2000));
      assertThat(in.read()).as("closed, not answered again").isEqualTo(-1);
      long now = System.nanoTime();
      assertThat((now - sent) / 1_000_000).isGreaterThanOrEqualTo(HEAD_SECONDS * 1000L);
      assertThat((now - answered) / 1_000_000).isLessThan(HEAD_SECONDS * 1000L + SLACK_MILLIS);
    }
  }

  @Test
  void aBodyTrickleIsAnswered408AndCutOffAndCreatesNothing() throws Exception {
    long folders = folderCount();
    String head =
        "POST /api/store/folder/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: "
            + TestServer.ADMIN_KEY
            + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      Cut cut = trickleOn(s, "{\"name\":\"never\"" + " ".repeat(984) + "}", 200);
      long after = (System.nanoTime() - start) / 1_000_000;
      assertThat(cut.received()).startsWith("HTTP/1.1 408");
      assertThat(cut.received())
          .contains("Connection: close")
          .endsWith("{\"detail\":\"The request body arrived too slowly\"}");
      // Grace of BODY_SECONDS plus one second per KiB received (a few dozen bytes here).
      assertThat(after).isBetween(BODY_SECONDS * 1000L - 250, BODY_SECONDS * 1000L + SLACK_MILLIS);
    }
    assertThat(folderCount()).isEqualTo(folders);
  }

  /** Trickles on an open socket and collects the answer until the server closes. */
  private static Cut trickleOn(Socket s, String body, int gapMillis) throws IOException {
    long start = System.nanoTime();
    OutputStream out = s.getOutputStream();
    InputStream in = s.getInputStream();
    s.setSoTimeout(gapMillis);
    StringBuilder received = new StringBuilder();
    int i = 0;
    while (true) {
      try {
        if (i < body.length() && received.isEmpty()) {
          out.write(body.charAt(i++));
          out.flush();
        }
        int b = in.read();
        if (b < 0) {
          break;
        }
        received.append((char) b);
      } catch (SocketTimeoutException e) {
        if (i >= body.length() && received.isEmpty()) {
          throw new AssertionError("the whole body was sent before any answer");
        }
      } catch (IOException e) {
        break;
      }
    }
    return new Cut((System.nanoTime() - start) / 1_000_000, received.toString());
  }

  @Test
  void aSlowButSteadyUploadOutlastsTheGraceAndIsStored() throws Exception {
    // 48 KiB at about 12 KiB/s: four seconds, twice the body grace, far above 1 KiB/s.
    byte[] content = new byte[48 * 1024];
    java.util.Arrays.fill(content, (byte) 'u');
    String boundary = "slow-upload-boundary";
    byte[] partHead =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    int length = partHead.length + content.length + tail.length;
    String head =
        "POST /api/store/asset/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + "X-API-Key: "
            + TestServer.ADMIN_KEY
            + "\r\nContent-Type: multipart/form-data; boundary="
            + boundary
            + "\r\nContent-Length: "
            + length
            + "\r\n\r\n";
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(partHead);
      long start = System.nanoTime();
      for (int off = 0; off < content.length; off += 3 * 1024) {
        out.write(content, off, Math.min(3 * 1024, content.length - off));
        out.flush();
        Thread.sleep(250);
      }
      out.write(tail);
      out.flush();
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThan(BODY_SECONDS * 1000L);
      s.setSoTimeout(10_000);
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 201");
      assertThat(answer).contains("\"name\":\"slow.bin\"").contains("\"size\":" + content.length);
    }
  }

  @Test
  void aBodyWithAnIllegalPartCharsetIsAnsweredAt400AtOnce() throws Exception {
    // An illegal charset name in a part header made Netty's multipart decoder throw outside
    // Vert.x's error handling (the answer was lost, or came at the body deadline). The upload's
    // own scanner answers it like any malformed part, whenever its bytes arrive.
    long blobs = server.blobFileCount();
    String body =
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
            + "Content-Type: text/plain; charset=\"\u00ff\"\r\n\r\nabc\r\n--b--\r\n";
    byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
    String head =
        "POST /api/store/asset/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: "
            + TestServer.ADMIN_KEY
            + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: "
            + bytes.length
            + "\r\n\r\n";
    for (int delay : new int[] {0, 500}) {
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        Thread.sleep(delay);
        long start = System.nanoTime();
        s.getOutputStream().write(bytes);
        s.setSoTimeout((int) (BODY_SECONDS * 1000L + SLACK_MILLIS + 5000));
        String answer;
        try {
          answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketException e) {
          answer = ""; // reset: closed
        }
        long after = (System.nanoTime() - start) / 1_000_000;
        assertThat(after).as("delay %d", delay).isLessThan(BODY_SECONDS * 1000L);
        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer)
            .endsWith(
                "{\"detail\":\"Malformed multipart/form-data body: a part names an unknown"
                    + " charset\"}");
      }
    }
    assertThat(server.blobFileCount()).isEqualTo(blobs);
    assertThat(server.http.get("/ready").status()).isEqualTo(200);
  }

  @Test
  void aLongDownloadToASteadyReaderIsNotCutByTheBodyRule() throws Exception {
    byte[] big = new byte[4 * 1024 * 1024];
    String id = server.http.upload("big.bin", big).json().get("id").asText();
    // Read slowly: the response takes longer than the body grace, but the request had no body.
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setReceiveBufferSize(16 * 1024);
      s.getOutputStream()
          .write(
              ("GET /api/store/asset/download?id="
                      + id
                      + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-API-Key: "
                      + TestServer.ADMIN_KEY
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      long start = System.nanoTime();
      long total = 0;
      byte[] buf = new byte[16 * 1024];
      int n;
      while ((n = in.read(buf)) != -1) {
        total += n;
        if (total < 2 * 1024 * 1024) {
          Thread.sleep(20);
        }
      }
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThan(BODY_SECONDS * 1000L);
      assertThat(total).isGreaterThan(big.length);
    }
    RawHttp.Raw check =
        RawHttp.exchange(
            server.port(),
            "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n",
            null,
            5000);
    assertThat(check.status()).isEqualTo(200);
  }

  private static long folderCount() {
    return server.http.get("/api/store/folder/?limit=1").json().get("collection_total").asLong();
  }
}
