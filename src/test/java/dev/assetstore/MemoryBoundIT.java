package dev.assetstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.ProcessServer;
import dev.assetstore.support.SeededContent;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streams, not buffers: the jar runs with a 64 MiB heap and must take an upload and serve a ZIP
 * that are each larger than that heap, with the right bytes.
 */
class MemoryBoundIT {
  static final long SIZE = 150L * 1024 * 1024;
  static ProcessServer server;
  static Path file;
  static String sha;

  @BeforeAll
  static void start() throws Exception {
    server =
        ProcessServer.start(
            List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"),
            Map.of("ASSET_STORE_MAX_UPLOAD_BYTES", Long.toString(SIZE + 1)));
    file = Files.createTempFile("big", ".bin");
    sha = SeededContent.writeTo(file, 42, SIZE);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    Files.deleteIfExists(file);
  }

  @Test
  void uploadLargerThanHeapThenZipLargerThanHeap() throws Exception {
    var up = server.http.uploadFile("", "big.bin", file);
    assertThat(up.status()).as(up.text()).isEqualTo(201);
    assertThat(up.json().get("sha256").asText()).isEqualTo(sha);
    assertThat(up.json().get("size").asLong()).isEqualTo(SIZE);
    String big = up.json().get("id").asText();
    String small = server.http.upload("small.txt", "small".getBytes()).json().get("id").asText();

    HttpResponse<InputStream> single = stream(server.http, "/api/store/asset/download?id=" + big);
    assertThat(single.statusCode()).isEqualTo(200);
    assertThat(sha256(single.body())).isEqualTo(sha);

    HttpResponse<InputStream> zip =
        stream(server.http, "/api/store/asset/download?id=" + big + "&id=" + small);
    assertThat(zip.statusCode()).isEqualTo(200);
    long declared = Long.parseLong(zip.headers().firstValue("Content-Length").orElseThrow());
    assertThat(declared).isGreaterThan(SIZE);
    try (ZipInputStream in = new ZipInputStream(zip.body())) {
      ZipEntry e = in.getNextEntry();
      assertThat(e.getName()).isEqualTo("big.bin");
      assertThat(sha256(in)).isEqualTo(sha);
      e = in.getNextEntry();
      assertThat(e.getName()).isEqualTo("small.txt");
      assertThat(new String(in.readNBytes(100))).isEqualTo("small");
      assertThat(in.getNextEntry()).isNull();
    }
    assertThat(server.isAlive()).as("server survived with a 64 MiB heap").isTrue();
  }

  static HttpResponse<InputStream> stream(Http http, String path) throws Exception {
    HttpRequest req = http.request(path).GET().build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
  }

  static String sha256(InputStream in) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    // Not closed here: for a ZIP entry, closing would close the whole archive stream.
    new DigestInputStream(in, md).transferTo(OutputStream.nullOutputStream());
    return HexFormat.of().formatHex(md.digest());
  }
}
