package dev.assetstore.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.Logins;
import dev.assetstore.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * U+0000 in any client text is a 422 that names where it was, and changes nothing, on every backend
 * (PostgreSQL cannot store it; the fuzzer found 500s there before this rule).
 */
class NulCharactersTest {
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

  @Test
  void jsonBodyStringsArrayItemsAndMemberNamesAreRefused() {
    long folders = total("/api/store/folder/?limit=1");
    assertRefused(
        http.json("POST", "/api/store/folder/", "{\"name\":\"n\",\"description\":\"a\\u0000b\"}"),
        List.of("body", "description"));
    assertThat(total("/api/store/folder/?limit=1")).isEqualTo(folders);

    String id =
        http.upload("nul.txt", "x".getBytes(StandardCharsets.UTF_8)).json().get("id").asText();
    assertRefused(
        http.json("PATCH", "/api/store/asset/" + id, "{\"tags\":[\"ok\",\"b\\u0000d\"]}"),
        List.of("body", "tags", 1));
    assertRefused(
        http.json("PATCH", "/api/store/asset/" + id, "{\"metadata\":{\"k\\u0000\":1}}"),
        List.of("body", "metadata", "k?"));
    JsonNode asset = http.get("/api/store/asset/" + id).json();
    assertThat(asset.get("tags")).isEmpty();
    assertThat(asset.get("metadata").size()).isZero();
  }

  @Test
  void queryValuesAreRefused() {
    assertRefused(http.get("/api/store/asset/?name=a%00b"), List.of("query", "name"));
    assertRefused(http.get("/api/store/asset/?sha256__in=a,%00"), List.of("query", "sha256__in"));
    assertRefused(http.get("/api/admin/users/?q=%00"), List.of("query", "q"));
  }

  @Test
  void uploadFormFieldsAreRefusedAndStoreNothing() {
    long assets = total("/api/store/asset/?limit=1");
    long blobs = server.blobFileCount();
    Resp r =
        http.upload(
            "",
            "nul-field.txt",
            "bytes".getBytes(StandardCharsets.UTF_8),
            Map.of("description", "a\0b"));
    assertRefused(r, List.of("body", "description"));
    assertThat(total("/api/store/asset/?limit=1")).isEqualTo(assets);
    long deadline = System.currentTimeMillis() + 10_000;
    while (server.blobFileCount() != blobs && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(server.blobFileCount()).isEqualTo(blobs);
  }

  @Test
  void loginFormFieldsAreRefused() {
    assertRefused(
        Logins.login(http, "username", "admin\0", "password", "x"), List.of("body", "username"));
  }

  private static long total(String path) {
    return http.get(path).json().get("collection_total").asLong();
  }

  private static void assertRefused(Resp r, List<Object> loc) {
    assertThat(r.status()).as(r.text()).isEqualTo(422);
    JsonNode d = r.json().get("detail").get(0);
    assertThat(Http.JSON.convertValue(d.get("loc"), List.class)).isEqualTo(loc);
    assertThat(d.get("msg").asText())
        .isEqualTo("String must not contain the NUL character (U+0000)");
    assertThat(r.text()).doesNotContain("Exception");
  }
}
