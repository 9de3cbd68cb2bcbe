package dev.assetstore.http.tus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.RawInterim;
import dev.assetstore.support.RawInterim.Head;
import dev.assetstore.support.SeededContent;
import dev.assetstore.support.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The IETF "Resumable Uploads for HTTP" draft (draft-ietf-httpbis-resumable-upload-12, interop
 * version 9) on the same upload resources, as raw exchanges following the draft's examples.
 */
class IetfDialectTest {
  static TestServer server;
  static Http http;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http;
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static byte[] bytes(long seed, int n) throws Exception {
    try (InputStream in = new SeededContent(seed, n)) {
      return in.readAllBytes();
    }
  }

  static HttpRequest.Builder ietf(String path) {
    return http.request(path).header("Upload-Draft-Interop-Version", "9");
  }

  @Test
  void creationWithTheCompleteBodyAnswersTheAsset() throws Exception {
    byte[] body = bytes(31, 5000);
    Http.Resp r =
        http.send(
            ietf(TusHttp.BASE + "?name=whole.bin")
                .header("Upload-Complete", "?1")
                .header("Content-Type", "application/x-whole")
                .POST(BodyPublishers.ofByteArray(body))
                .build());
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    assertThat(r.header("Upload-Complete")).isEqualTo("?1");
    assertThat(r.header("Location")).startsWith(TusHttp.BASE);
    assertThat(r.json().get("sha256").asText()).isEqualTo(SeededContent.sha256(31, 5000));
    assertThat(r.json().get("name").asText()).isEqualTo("whole.bin");
    assertThat(r.json().get("content_type").asText()).isEqualTo("application/x-whole");
  }

  @Test
  void creationRetrievalAppendAndCompletion() throws Exception {
    String folder = server.createFolder("ietf", null);
    byte[] all = bytes(32, 3000);
    Http.Resp created =
        http.send(
            ietf(TusHttp.BASE + "?name=parts.bin&folder=" + folder)
                .header("Upload-Complete", "?0")
                .header("Upload-Length", "3000")
                .POST(BodyPublishers.ofByteArray(Arrays.copyOfRange(all, 0, 1200)))
                .build());
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String path = created.header("Location");
    assertThat(created.header("Upload-Offset")).isEqualTo("1200");
    assertThat(created.header("Upload-Complete")).isEqualTo("?0");

    Http.Resp head = http.send(ietf(path).method("HEAD", BodyPublishers.noBody()).build());
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Upload-Offset")).isEqualTo("1200");
    assertThat(head.header("Upload-Complete")).isEqualTo("?0");
    assertThat(head.header("Upload-Length")).isEqualTo("3000");
    assertThat(head.header("Upload-Limit")).startsWith("max-size=");
    assertThat(head.header("Cache-Control")).isEqualTo("no-store");

    Http.Resp wrongType =
        http.send(
            ietf(path)
                .header("Upload-Offset", "1200")
                .header("Upload-Complete", "?1")
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", BodyPublishers.ofByteArray(Arrays.copyOfRange(all, 1200, 3000)))
                .build());
    assertThat(wrongType.status()).isEqualTo(415);

    Http.Resp done =
        http.send(
            ietf(path)
                .header("Upload-Offset", "1200")
                .header("Upload-Complete", "?1")
                .header("Content-Type", "application/partial-upload")
                .method("PATCH", BodyPublishers.ofByteArray(Arrays.copyOfRange(all, 1200, 3000)))
                .build());
    assertThat(done.status()).as(done.text()).isEqualTo(201);
    assertThat(done.header("Upload-Complete")).isEqualTo("?1");
    assertThat(done.json().get("sha256").asText()).isEqualTo(SeededContent.sha256(32, 3000));
    assertThat(done.json().get("folder").get("id").asText()).isEqualTo(folder);
  }

  @Test
  void cancelFreesTheUpload() {
    long before = server.blobFileCount();
    Http.Resp created =
        http.send(
            ietf(TusHttp.BASE + "?name=gone.bin")
                .header("Upload-Complete", "?0")
                .header("Upload-Length", "100")
                .POST(BodyPublishers.ofByteArray(new byte[10]))
                .build());
    String path = created.header("Location");
    assertThat(http.send(ietf(path).DELETE().build()).status()).isEqualTo(204);
    assertThat(http.send(ietf(path).method("HEAD", BodyPublishers.noBody()).build()).status())
        .isEqualTo(404);
    assertThat(server.blobFileCount()).isEqualTo(before);
  }

  @Test
  void anUnknownInteropVersionIsRefused() {
    Http.Resp r =
        http.send(
            http.request(TusHttp.BASE + "?name=x")
                .header("Upload-Draft-Interop-Version", "2")
                .header("Upload-Complete", "?1")
                .POST(BodyPublishers.ofByteArray(new byte[1]))
                .build());
    assertThat(r.status()).isEqualTo(412);
  }

  @Test
  void metadataErrorsAre422BeforeAnyByte() {
    Http.Resp r =
        http.send(
            ietf(TusHttp.BASE + "?name=a%2Fb")
                .header("Upload-Complete", "?1")
                .POST(BodyPublishers.ofByteArray(new byte[10]))
                .build());
    assertThat(r.status()).isEqualTo(422);
  }

  @Test
  void aCutAppendResumesFromTheOffset() throws Exception {
    int size = 2 * 1024 * 1024;
    byte[] all = bytes(33, size);
    Http.Resp created =
        http.send(
            ietf(TusHttp.BASE + "?name=cut.bin")
                .header("Upload-Complete", "?0")
                .header("Upload-Length", Integer.toString(size))
                .POST(BodyPublishers.noBody())
                .build());
    String path = created.header("Location");
    int sent = 700_000;
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      OutputStream out = s.getOutputStream();
      String head =
          "PATCH "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: "
              + TestServer.ADMIN_KEY
              + "\r\nUpload-Draft-Interop-Version: 9\r\nUpload-Complete: ?1\r\n"
              + "Upload-Offset: 0\r\nContent-Type: application/partial-upload\r\n"
              + "Content-Length: "
              + size
              + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(all, 0, sent);
      out.flush();
      // Let the bytes reach the server before the connection drops.
      Thread.sleep(500);
    }
    Thread.sleep(300);
    resumeAfterCut(path, all, sent, 33);
  }

  /**
   * After a cut: the offset is what arrived (some, at most what was sent) and the upload is still
   * open; appending the rest from there completes it with the whole file's digest.
   */
  static Http.Resp resumeAfterCut(String path, byte[] all, int sent, long seed) {
    Http.Resp h = http.send(ietf(path).method("HEAD", BodyPublishers.noBody()).build());
    long offset = Long.parseLong(h.header("Upload-Offset"));
    assertThat(offset).isBetween(1L, (long) sent);
    assertThat(h.header("Upload-Complete")).isEqualTo("?0");
    Http.Resp done =
        http.send(
            ietf(path)
                .header("Upload-Offset", Long.toString(offset))
                .header("Upload-Complete", "?1")
                .header("Content-Type", "application/partial-upload")
                .method(
                    "PATCH",
                    BodyPublishers.ofByteArray(Arrays.copyOfRange(all, (int) offset, all.length)))
                .build());
    assertThat(done.status()).as(done.text()).isEqualTo(201);
    assertThat(done.json().get("sha256").asText())
        .isEqualTo(SeededContent.sha256(seed, all.length));
    return done;
  }

  static Head readHead(InputStream in) throws Exception {
    return RawInterim.readHead(in);
  }

  static String rawHead(String method, String path, String... headers) {
    return new String(
        RawInterim.request(method, path, TestServer.ADMIN_KEY, headers), StandardCharsets.US_ASCII);
  }

  @Test
  void creationAnnouncesTheUploadAndReportsDurableOffsetsWith104() throws Exception {
    int size = 10 * 1024 * 1024;
    byte[] all = bytes(34, size);
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      InputStream in = new java.io.BufferedInputStream(s.getInputStream());
      out.write(
          rawHead(
                  "POST",
                  TusHttp.BASE + "?name=announced.bin",
                  "Upload-Draft-Interop-Version: 9",
                  "Upload-Complete: ?1",
                  "Content-Type: application/octet-stream",
                  "Content-Length: " + size)
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // The upload resource is announced before a byte of the body is sent.
      Head announced = readHead(in);
      assertThat(announced.status()).isEqualTo(104);
      assertThat(announced.header("Location")).startsWith(TusHttp.BASE);
      assertThat(announced.header("Upload-Draft-Interop-Version")).isEqualTo("9");
      assertThat(announced.header("Upload-Limit")).startsWith("max-size=");
      out.write(all);
      out.flush();
      java.util.List<Long> offsets = new java.util.ArrayList<>();
      Head h;
      while ((h = readHead(in)).status() == 104) {
        assertThat(h.header("Location")).isNull();
        offsets.add(Long.parseLong(h.header("Upload-Offset")));
      }
      assertThat(h.status()).isEqualTo(201);
      assertThat(h.header("Upload-Complete")).isEqualTo("?1");
      // An 8 MiB checkpoint happened inside the 10 MiB body, and was reported as it became durable.
      assertThat(offsets).contains(8L * 1024 * 1024);
      byte[] body = in.readNBytes(Integer.parseInt(h.header("Content-Length")));
      assertThat(new String(body, StandardCharsets.UTF_8)).contains(SeededContent.sha256(34, size));
      // The connection is still in step: the next request on it gets its own answer.
      out.write(
          rawHead("HEAD", announced.header("Location"), "Upload-Draft-Interop-Version: 9")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Head after = readHead(in);
      assertThat(after.status()).isBetween(200, 204);
      assertThat(after.header("Upload-Offset")).isEqualTo(Integer.toString(size));
      assertThat(after.header("Upload-Complete")).isEqualTo("?1");
    }
  }

  @Test
  void aCreationCutMidBodyResumesAtTheAnnouncedLocation() throws Exception {
    int size = 2 * 1024 * 1024;
    byte[] all = bytes(35, size);
    int sent = 900_000;
    String path;
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(
          rawHead(
                  "POST",
                  TusHttp.BASE + "?name=resumed.bin",
                  "Upload-Draft-Interop-Version: 9",
                  "Upload-Complete: ?1",
                  "Content-Type: application/octet-stream",
                  "Content-Length: " + size)
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Head announced = readHead(s.getInputStream());
      assertThat(announced.status()).isEqualTo(104);
      path = announced.header("Location");
      out.write(all, 0, sent);
      out.flush();
      Thread.sleep(500);
    }
    Thread.sleep(300);
    Http.Resp done = resumeAfterCut(path, all, sent, 35);
    assertThat(done.json().get("name").asText()).isEqualTo("resumed.bin");
  }

  @Test
  void tusCreationGetsNo104() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(
          rawHead(
                  "POST",
                  TusHttp.BASE,
                  "Tus-Resumable: 1.0.0",
                  "Upload-Length: 5",
                  "Upload-Metadata: " + TusHttp.metadata(java.util.Map.of("filename", "t.txt")),
                  "Content-Type: application/offset+octet-stream",
                  "Content-Length: 5")
              .getBytes(StandardCharsets.US_ASCII));
      out.write("hello".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(readHead(s.getInputStream()).status()).isEqualTo(201);
    }
  }
}
