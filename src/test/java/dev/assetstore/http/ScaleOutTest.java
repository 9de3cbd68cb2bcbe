package dev.assetstore.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.EmbeddedPg;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.Logins;
import dev.assetstore.support.Logins.Session;
import dev.assetstore.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one PostgreSQL database and one blob directory, as behind a load balancer with no
 * sticky sessions: whatever one node issued (cursors, share access tokens, JWTs, refresh tokens)
 * works on the other, and what one node counted (guesses, downloads, token use) the other sees.
 */
class ScaleOutTest {
  static Path blobs;
  static TestServer a;
  static TestServer b;

  @BeforeAll
  static void start() throws Exception {
    blobs = Files.createTempDirectory("scale-out-blobs");
    Map<String, String> shared =
        Map.of(
            "ASSET_STORE_DB_URL",
            EmbeddedPg.freshDatabaseUrl(),
            "ASSET_STORE_BLOB_URL",
            "file:" + blobs);
    a = TestServer.start(shared);
    b = TestServer.start(shared);
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
    TestServer.deleteRecursively(blobs);
  }

  @Test
  void aCursorFromOneNodeContinuesOnTheOther() {
    for (int i = 0; i < 3; i++) {
      assertThat(a.http.upload("page-" + i + ".txt", ("p" + i).getBytes()).status()).isEqualTo(201);
    }
    Resp first =
        a.http.get("/api/store/asset/?limit=2&sort_by=name&sort_order=asc&name__startswith=page-");
    assertThat(first.status()).isEqualTo(200);
    String cursor = first.json().get("next_cursor").asText();
    Resp second =
        b.http.get(
            "/api/store/asset/?limit=2&sort_by=name&sort_order=asc&name__startswith=page-&cursor="
                + Http.enc(cursor));
    assertThat(second.status()).as(second.text()).isEqualTo(200);
    assertThat(second.json().get("items").get(0).get("name").asText()).isEqualTo("page-2.txt");
    String id = second.json().get("items").get(0).get("id").asText();
    assertThat(new String(a.http.get("/api/store/asset/download?id=" + id).body())).isEqualTo("p2");
  }

  @Test
  void tokensFromOneNodeWorkOnTheOtherAndReuseIsCaughtAcrossThem() {
    Logins.createUser(a.http, "roamer", "a long enough password", "store:read");
    Session s = Logins.session(a.http, "roamer", "a long enough password");
    assertThat(Logins.bearerGet(b.http, s.accessToken(), "/api/store/asset/").status())
        .isEqualTo(200);

    Resp rotated = Logins.refresh(b.http, s.refreshToken());
    assertThat(rotated.status()).as(rotated.text()).isEqualTo(200);
    Session next = Session.of(rotated);
    assertThat(Logins.bearerGet(a.http, next.accessToken(), "/api/store/asset/").status())
        .isEqualTo(200);
    // the old refresh token again, on the other node: reuse, and the whole family is revoked
    assertThat(Logins.refresh(a.http, s.refreshToken()).status()).isEqualTo(401);
    assertThat(Logins.refresh(b.http, next.refreshToken()).status()).isEqualTo(401);
  }

  @Test
  void shareGuessesAndDownloadsAreCountedForAllNodes() {
    String asset =
        a.http.upload("shared.txt", "the shared bytes".getBytes()).json().get("id").asText();
    JsonNode share =
        a.http
            .json(
                "POST",
                "/api/share/",
                Map.of("asset", asset, "password", "right one", "max_downloads", 1))
            .json();
    String token = share.get("token").asText();
    for (int i = 0; i < 5; i++) {
      TestServer node = i % 2 == 0 ? a : b;
      assertThat(redeem(node, token, "wrong " + i).status()).isEqualTo(401);
    }
    Resp throttled = redeem(b, token, "right one");
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("Retry-After")).isNotBlank();
    assertThat(redeem(a, token, "right one").status()).isEqualTo(429);

    JsonNode open =
        a.http.json("POST", "/api/share/", Map.of("asset", asset, "max_downloads", 1)).json();
    Resp redeemed = redeem(a, open.get("token").asText(), null);
    assertThat(redeemed.status()).isEqualTo(200);
    String access = redeemed.json().get("access_token").asText();
    Resp download = Logins.bearerGet(b.http, access, "/api/share/access/download?id=" + asset);
    assertThat(download.status()).as(download.text()).isEqualTo(200);
    assertThat(new String(download.body())).isEqualTo("the shared bytes");
    // One request after the limit, on the other node, is refused: while the first one's slot is
    // still held (its verdict comes just after the last byte), the second waits for that verdict.
    Resp again = Logins.bearerGet(a.http, access, "/api/share/access/download?id=" + asset);
    assertThat(again.status()).as(again.text()).isEqualTo(410);
    JsonNode stats = a.http.get("/api/share/" + open.get("id").asText()).json().get("statistics");
    assertThat(stats.get("downloads").asLong()).isEqualTo(1);
  }

  /** The per-node key cache (docs/decisions.md): a deleted key dies everywhere within 5 s. */
  @Test
  void aDeletedKeyStopsWorkingOnEveryNodeWithinTheCacheLifetime() throws Exception {
    JsonNode created =
        a.http
            .json(
                "POST",
                "/api/admin/api-keys/",
                Map.of("label", "short-lived", "scopes", java.util.List.of("store:read")))
            .json();
    String key = created.get("key").asText();
    String id = created.get("id").asText();
    assertThat(b.http.as(key).get("/api/store/asset/").status()).isEqualTo(200);
    assertThat(a.http.delete("/api/admin/api-keys/" + id).status()).isEqualTo(204);
    assertThat(a.http.as(key).get("/api/store/asset/").status()).isEqualTo(401);
    Thread.sleep(5_500);
    assertThat(b.http.as(key).get("/api/store/asset/").status()).isEqualTo(401);
  }

  private static Resp redeem(TestServer node, String token, String password) {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("token", token);
    if (password != null) {
      body.put("password", password);
    }
    return node.http.as(null).json("POST", "/api/share/get_access", body);
  }
}
