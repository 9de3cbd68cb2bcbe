package dev.assetstore.http.assets;

import static dev.assetstore.http.assets.AssetChecks.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.RawHttp;
import dev.assetstore.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The upload size limit ({@code ASSET_STORE_MAX_UPLOAD_BYTES}): 413 and nothing stored. */
class UploadLimitTest {
  static TestServer server;
  static Http http;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("ASSET_STORE_MAX_UPLOAD_BYTES", "1000"));
    http = server.http;
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void exactlyTheLimitIsAccepted() {
    byte[] bytes = new byte[1000];
    Arrays.fill(bytes, (byte) 'x');
    assertThat(upload(http, "limit.txt", bytes).get("size").asLong()).isEqualTo(1000);
  }

  @Test
  void oneByteOverTheLimitIs413AndLeavesNothing() {
    long before = total(http);
    long blobs = server.blobFileCount();
    Resp r = http.upload("over.txt", new byte[1001]);
    assertError(r, 413);
    assertThat(total(http)).isEqualTo(before);
    assertThat(http.get(ASSETS + "?name=over.txt").json().get("items")).isEmpty();
    assertThat(server.blobFileCount()).isEqualTo(blobs);
  }

  @Test
  void farOverTheLimitIs413AndLeavesNothing() {
    long before = total(http);
    long blobs = server.blobFileCount();
    Resp r = http.upload("way-over.bin", new byte[200_000]);
    assertError(r, 413);
    assertThat(total(http)).isEqualTo(before);
    assertThat(server.blobFileCount()).isEqualTo(blobs);
  }

  @Test
  void contentLengthFarOverTheLimitIsRefusedBeforeTheBodyIsRead() {
    long before = total(http);
    long blobs = server.blobFileCount();
    String boundary = "xyz";
    String head =
        "POST /api/store/asset/upload HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\n"
            + "X-API-Key: "
            + TestServer.ADMIN_KEY
            + "\r\n"
            + "Content-Type: multipart/form-data; boundary="
            + boundary
            + "\r\n"
            + "Content-Length: 50000000000\r\n";
    byte[] start =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"huge.bin\"\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    RawHttp.Raw r = RawHttp.exchange(server.port(), head, start, 10_000);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.text()).contains("\"detail\"").doesNotContain("Exception");
    assertThat(total(http)).isEqualTo(before);
    assertThat(server.blobFileCount()).isEqualTo(blobs);
  }

  @Test
  void theServerStillWorksAfterRefusals() {
    http.upload("again-over.txt", new byte[5000]);
    assertThat(upload(http, "after.txt", "fine").get("name").asText()).isEqualTo("after.txt");
  }
}
