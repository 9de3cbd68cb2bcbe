package dev.assetstore.http.assets;

import static dev.assetstore.http.assets.AssetChecks.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code DELETE /api/store/asset/{id}}: the record and its bytes go, nothing else. */
class DeleteAssetTest {
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
  void deleteRemovesTheRecordAndItsBytes() {
    JsonNode keep = upload(http, "keep.txt", "keep me");
    JsonNode doomed = upload(http, "doomed.txt", "delete me");
    String id = doomed.get("id").asText();
    long blobs = server.blobFileCount();
    long total = total(http);

    Resp r = http.delete(ASSETS + id);
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.body()).isEmpty();

    assertError(http.get(ASSETS + id), 404);
    assertError(http.get("/api/store/asset/download?id=" + id), 404);
    assertError(http.get(ASSETS + id + "/shares"), 404);
    assertError(http.json("PATCH", ASSETS + id, "{\"description\":\"x\"}"), 404);
    assertThat(server.blobFileCount()).isEqualTo(blobs - 1);
    assertThat(total(http)).isEqualTo(total - 1);
    assertThat(http.get(ASSETS + "?name=doomed.txt").json().get("items")).isEmpty();

    // Other assets are untouched.
    assertThat(http.get("/api/store/asset/download?id=" + keep.get("id").asText()).text())
        .isEqualTo("keep me");
  }

  @Test
  void deletingTwiceIs404() {
    String id = upload(http, "twice.txt", "x").get("id").asText();
    assertThat(http.delete(ASSETS + id).status()).isEqualTo(204);
    long blobs = server.blobFileCount();
    assertError(http.delete(ASSETS + id), 404);
    assertThat(server.blobFileCount()).isEqualTo(blobs);
  }

  @Test
  void deletingAnUnknownIdIs404() {
    assertError(http.delete(ASSETS + UUID.randomUUID()), 404);
    assertError(http.delete(ASSETS + "not-an-id"), 404);
  }

  @Test
  void theNameIsFreeAgainAfterDelete() {
    String id = upload(http, "reuse.txt", "1").get("id").asText();
    assertThat(http.delete(ASSETS + id).status()).isEqualTo(204);
    JsonNode again =
        uploaded(
            http.upload("?on_conflict=error", "reuse.txt", "2".getBytes(), java.util.Map.of()));
    assertThat(again.get("name").asText()).isEqualTo("reuse.txt");
  }

  @Test
  void identicalBytesInTwoAssetsSurviveDeletingOne() {
    String a = upload(http, "same-bytes-1.txt", "identical").get("id").asText();
    String b = upload(http, "same-bytes-2.txt", "identical").get("id").asText();
    assertThat(http.delete(ASSETS + a).status()).isEqualTo(204);
    assertThat(http.get("/api/store/asset/download?id=" + b).text()).isEqualTo("identical");
  }

  @Test
  void aDeletedAssetInAZipRequestIs404() {
    String a = upload(http, "zip-a.txt", "a").get("id").asText();
    String b = upload(http, "zip-b.txt", "b").get("id").asText();
    assertThat(http.delete(ASSETS + b).status()).isEqualTo(204);
    assertError(http.get("/api/store/asset/download?id=" + a + "&id=" + b), 404);
  }
}
