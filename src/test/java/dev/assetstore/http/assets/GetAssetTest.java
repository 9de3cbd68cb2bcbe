package dev.assetstore.http.assets;

import static dev.assetstore.http.assets.AssetChecks.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/store/asset/{id}} and {@code GET /api/store/asset/{id}/shares}. */
class GetAssetTest {
  static final List<String> BAD_IDS =
      List.of(
          "not-a-uuid",
          "123",
          "01920000-0000-7000-8000-00000000000g",
          "01920000000070008000000000000000",
          "%20",
          "..%2F..%2Fetc",
          "x".repeat(300));

  static TestServer server;
  static Http http;
  static JsonNode asset;
  static String id;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http;
    asset = upload(http, "get-me.txt", "hello");
    id = asset.get("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void getReturnsTheAssetAsUploaded() {
    Resp r = http.get(ASSETS + id);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.json()).isEqualTo(asset);
    assertThat(http.get(ASSETS + id + "?hydrate=true").json()).isEqualTo(asset);
  }

  @Test
  void hydrateFalseGivesTheCreatorId() {
    JsonNode plain = http.get(ASSETS + id + "?hydrate=false").json();
    assertThat(plain.get("created_by").isTextual()).isTrue();
    assertThat(plain.get("created_by").asText())
        .isEqualTo(asset.get("created_by").get("id").asText());
    assertThat(plain.get("folder").isNull()).isTrue();
    for (String f :
        List.of("id", "name", "sha256", "size", "path", "tags", "metadata", "created")) {
      assertThat(plain.get(f)).as(f).isEqualTo(asset.get(f));
    }
    assertInvalid(http.get(ASSETS + id + "?hydrate=perhaps"), "query", "hydrate");
  }

  @Test
  void unknownIdIs404() {
    assertError(http.get(ASSETS + UUID.randomUUID()), 404);
    assertError(http.get(ASSETS + "01920000-0000-7000-8000-000000000000"), 404);
  }

  @Test
  void idsThatDoNotParseAre404NeverServerErrors() {
    for (String bad : BAD_IDS) {
      assertError(http.get(ASSETS + bad), 404);
      assertError(http.get(ASSETS + bad + "/shares"), 404);
      assertError(http.delete(ASSETS + bad), 404);
    }
    // An upper-case spelling of a real id is not canonical.
    assertError(http.get(ASSETS + id.toUpperCase()), 404);
  }

  @Test
  void sharesOfAnExistingAssetIsAnEmptyArray() {
    Resp r = http.get(ASSETS + id + "/shares");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().isArray()).isTrue();
    assertThat(r.json()).isEmpty();
  }

  @Test
  void sharesOfAnUnknownAssetIs404() {
    assertError(http.get(ASSETS + UUID.randomUUID() + "/shares"), 404);
  }
}
