package dev.assetstore.http.shares;

import static dev.assetstore.http.shares.ShareChecks.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /api/share/get_access}: every refusal, the throttle, and the 200 body. */
class RedeemShareTest {
  static TestServer server;
  static Http http;
  static String top;
  static String shared;
  static String assetId;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http;
    top = server.createFolder("Secret Top", null);
    shared = server.createFolder("Shared", top);
    JsonNode a =
        Http.JSON.valueToTree(
            http.upload(
                    "?folder=" + shared,
                    "doc.txt",
                    "the doc".getBytes(),
                    Map.of("metadata", "{\"internal\":\"do-not-leak\"}"))
                .json());
    assertThat(a.get("metadata").get("internal").asText()).isEqualTo("do-not-leak");
    assetId = a.get("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void assetShareRedeemsToABearerTokenAndAPublicView() {
    String exp = inSeconds(1800);
    JsonNode s =
        create(http, "asset", assetId, "name", "Doc share", "message", "for you", "expires", exp);
    Resp r = redeem(server, "token", s.get("token").asText());
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode b = r.json();
    assertThat(b.get("access_token").asText()).isNotBlank();
    assertThat(b.get("token_type").asText()).isEqualTo("bearer");
    // never beyond the share's own expiry, and positive
    assertThat(b.get("expires_in").asLong()).isBetween(1L, 1800L);
    JsonNode sh = b.get("share");
    assertThat(sh.get("name").asText()).isEqualTo("Doc share");
    assertThat(sh.get("target_type").asText()).isEqualTo("asset");
    assertThat(sh.get("message").asText()).isEqualTo("for you");
    assertThat(Instant.parse(sh.get("expires").asText()))
        .isEqualTo(Instant.parse(s.get("expires").asText()));
    assertThat(sh.has("folder")).isFalse();
    JsonNode a = sh.get("asset");
    assertThat(a.get("id").asText()).isEqualTo(assetId);
    assertThat(a.get("name").asText()).isEqualTo("doc.txt");
    assertThat(a.get("size").asLong()).isEqualTo(7);
    assertThat(a.has("created_by")).isFalse();
    assertThat(a.has("metadata")).isFalse();
    assertThat(a.toString())
        .doesNotContain("Secret Top")
        .doesNotContain(top)
        .doesNotContain("do-not-leak");
    assertThat(r.text()).doesNotContain("Secret Top").doesNotContain(top);
    // the owner's identity and the share's secrets are not in the body
    assertThat(sh.has("created_by")).isFalse();
    assertThat(sh.has("recipients")).isFalse();
    assertThat(sh.has("statistics")).isFalse();
  }

  @Test
  void folderShareHidesTheParentAndThePathAbove() {
    JsonNode s = create(http, "folder", shared, "name", "Folder share");
    JsonNode b = redeem(server, "token", s.get("token").asText()).json();
    JsonNode sh = b.get("share");
    assertThat(sh.get("target_type").asText()).isEqualTo("folder");
    assertThat(sh.has("asset")).isFalse();
    assertThat(sh.get("message").isNull()).isTrue();
    assertThat(sh.get("expires").isNull()).isTrue();
    JsonNode f = sh.get("folder");
    assertThat(f.get("id").asText()).isEqualTo(shared);
    assertThat(f.get("name").asText()).isEqualTo("Shared");
    assertThat(f.get("parent").isNull()).isTrue();
    assertThat(f.get("path").asText()).isEqualTo("/Shared");
    assertThat(f.has("created_by")).isFalse();
    assertThat(f.has("metadata")).isFalse();
    assertThat(b.toString()).doesNotContain("Secret Top").doesNotContain(top);
    // no authentication is needed, and sending some does not change that
    Resp withKey = http.json("POST", GET_ACCESS, body("token", s.get("token").asText()));
    assertThat(withKey.status()).isEqualTo(200);
  }

  @Test
  void unknownOrDeletedTokenIs404() {
    assertError(redeem(server, "token", "A".repeat(43)), 404);
    assertError(redeem(server, "token", "nope"), 404);
    JsonNode s = create(http, "asset", assetId);
    assertThat(http.delete(SHARES + s.get("id").asText()).status()).isEqualTo(204);
    assertError(redeem(server, "token", s.get("token").asText()), 404);
    // a malformed body is a validation error
    assertInvalid(redeem(server), "body", "token");
  }

  @Test
  void passwordRequiredAndChecked() {
    JsonNode s = create(http, "asset", assetId, "password", "open sesame");
    String token = s.get("token").asText();
    String id = s.get("id").asText();
    Resp missing = redeem(server, "token", token);
    assertError(missing, 401);
    assertError(redeem(server, "token", token, "password", "open sesamE"), 401);
    assertThat(stats(http, id).get("failed_attempts").asLong()).isEqualTo(2);
    assertThat(stats(http, id).get("views").asLong()).isZero();
    assertThat(redeem(server, "token", token, "password", "open sesame").status()).isEqualTo(200);
    JsonNode st = stats(http, id);
    assertThat(st.get("views").asLong()).isEqualTo(1);
    assertThat(st.get("failed_attempts").asLong()).isEqualTo(2);
    assertThat(st.get("last_accessed").isNull()).isFalse();
  }

  @Test
  void recipientsMustNameTheEmailCaseInsensitively() {
    JsonNode s =
        create(http, "asset", assetId, "recipients", List.of("Alice@Example.com", "bob@x.org"));
    String token = s.get("token").asText();
    assertError(redeem(server, "token", token), 403);
    assertError(redeem(server, "token", token, "email", "mallory@example.com"), 403);
    assertError(redeem(server, "token", token, "email", "alice@example.co"), 403);
    assertThat(redeem(server, "token", token, "email", "aLiCe@EXAMPLE.COM").status())
        .isEqualTo(200);
    assertThat(redeem(server, "token", token, "email", " bob@x.org ").status()).isEqualTo(200);
    JsonNode st = stats(http, s.get("id").asText());
    assertThat(st.get("failed_attempts").asLong()).isEqualTo(3);
    assertThat(st.get("views").asLong()).isEqualTo(2);
    // password and recipients together: both checked
    JsonNode both =
        create(http, "asset", assetId, "password", "two-factor", "recipients", List.of("c@d.io"));
    String t2 = both.get("token").asText();
    assertError(redeem(server, "token", t2, "email", "c@d.io"), 401);
    assertError(redeem(server, "token", t2, "password", "two-factor"), 403);
    assertThat(redeem(server, "token", t2, "password", "two-factor", "email", "C@D.io").status())
        .isEqualTo(200);
  }

  @Test
  void throttledPerShareAfterFiveFailures() {
    JsonNode s = create(http, "asset", assetId, "password", "the real one");
    JsonNode other = create(http, "asset", assetId, "password", "the other one");
    String token = s.get("token").asText();
    for (int i = 1; i <= 5; i++) {
      assertError(redeem(server, "token", token, "password", "guess " + i), 401);
    }
    // from the 6th on: 429, even with the right password
    Resp sixth = redeem(server, "token", token, "password", "guess 6");
    assertError(sixth, 429);
    String retry = sixth.header("Retry-After");
    assertThat(retry).isNotNull();
    assertThat(Long.parseLong(retry)).isBetween(1L, 900L);
    Resp right = redeem(server, "token", token, "password", "the real one");
    assertError(right, 429);
    assertThat(right.header("Retry-After")).isNotNull();
    assertError(redeem(server, "token", token), 429);
    JsonNode st = stats(http, s.get("id").asText());
    assertThat(st.get("failed_attempts").asLong()).isEqualTo(8);
    assertThat(st.get("views").asLong()).isZero();
    // per share, not per IP: the same client redeems another share as usual
    assertError(redeem(server, "token", other.get("token").asText(), "password", "nope"), 401);
    assertThat(
            redeem(server, "token", other.get("token").asText(), "password", "the other one")
                .status())
        .isEqualTo(200);
    // recipients failures count too (403s)
    JsonNode r = create(http, "asset", assetId, "recipients", List.of("x@y.zz"));
    for (int i = 0; i < 5; i++) {
      assertError(redeem(server, "token", r.get("token").asText(), "email", i + "@y.zz"), 403);
    }
    assertError(redeem(server, "token", r.get("token").asText(), "email", "x@y.zz"), 429);
  }

  /** The share page asks first without credentials: that is counted but is not a guess. */
  @Test
  void askingWithoutCredentialsIsCountedButDoesNotThrottle() {
    JsonNode s = create(http, "asset", assetId, "password", "the real one");
    String token = s.get("token").asText();
    for (int i = 0; i < 8; i++) {
      assertError(redeem(server, "token", token), 401);
    }
    JsonNode r = create(http, "asset", assetId, "recipients", List.of("x@y.zz"));
    for (int i = 0; i < 8; i++) {
      assertError(redeem(server, "token", r.get("token").asText()), 403);
    }
    assertThat(stats(http, s.get("id").asText()).get("failed_attempts").asLong()).isEqualTo(8);
    assertThat(redeem(server, "token", token, "password", "the real one").status()).isEqualTo(200);
    assertThat(redeem(server, "token", r.get("token").asText(), "email", "x@y.zz").status())
        .isEqualTo(200);
  }

  @Test
  void parallelGuessesCannotGetPastTheThrottle() throws Exception {
    JsonNode s = create(http, "asset", assetId, "password", "parallel secret");
    String token = s.get("token").asText();
    int n = 12;
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<Resp>> results = new java.util.ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(n)) {
      for (int i = 0; i < n; i++) {
        String guess = "guess number " + i;
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return redeem(server, "token", token, "password", guess);
                }));
      }
      go.countDown();
      int wrong = 0;
      int throttled = 0;
      for (var f : results) {
        int status = f.get().status();
        assertThat(status).isIn(401, 429);
        if (status == 401) {
          wrong++;
        } else {
          throttled++;
        }
      }
      // at most 5 guesses are ever checked in the window, however they are timed
      assertThat(wrong).as("guesses answered 401").isLessThanOrEqualTo(5);
      assertThat(throttled).isGreaterThanOrEqualTo(n - 5);
    }
    assertError(redeem(server, "token", token, "password", "parallel secret"), 429);
    assertThat(stats(http, s.get("id").asText()).get("failed_attempts").asLong()).isEqualTo(n + 1);
  }

  @Test
  void expiredShareIs410ForRedemptionAndForIssuedTokens() throws Exception {
    JsonNode s = create(http, "asset", assetId, "expires", inSeconds(2));
    String token = s.get("token").asText();
    Resp ok = redeem(server, "token", token);
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    assertThat(ok.json().get("expires_in").asLong()).isBetween(0L, 2L);
    String access = ok.json().get("access_token").asText();
    Instant expires = Instant.parse(s.get("expires").asText());
    long wait = expires.toEpochMilli() - System.currentTimeMillis() + 150;
    if (wait > 0) {
      Thread.sleep(wait);
    }
    assertError(redeem(server, "token", token), 410);
    assertError(access(server, access, DOWNLOAD + "?id=" + assetId), 410);
    JsonNode g = get(http, s.get("id").asText());
    assertThat(g.get("active").asBoolean()).isFalse();
    assertThat(g.get("statistics").get("failed_attempts").asLong()).isEqualTo(1);
    assertThat(ids(http.get(SHARES + "?active=false&asset=" + assetId).json().get("items")))
        .contains(s.get("id").asText());
    assertThat(ids(http.get(SHARES + "?active=true&asset=" + assetId).json().get("items")))
        .doesNotContain(s.get("id").asText());
  }

  @Test
  void usedUpShareIs410() {
    JsonNode s = create(http, "asset", assetId, "max_downloads", 1);
    String access = accessToken(server, "token", s.get("token").asText());
    Resp d = access(server, access, DOWNLOAD + "?id=" + assetId);
    assertThat(d.status()).isEqualTo(200);
    assertThat(new String(d.body())).isEqualTo("the doc");
    assertThat(awaitDownloads(http, s.get("id").asText(), 1).get("downloads").asLong())
        .isEqualTo(1);
    assertError(redeem(server, "token", s.get("token").asText()), 410);
    assertError(access(server, access, DOWNLOAD + "?id=" + assetId), 410);
    JsonNode g = get(http, s.get("id").asText());
    assertThat(g.get("active").asBoolean()).isFalse();
    assertThat(g.get("statistics").get("downloads").asLong()).isEqualTo(1);
    // raising the limit makes it usable again
    assertThat(http.json("PATCH", SHARES + s.get("id").asText(), body("max_downloads", 2)).status())
        .isEqualTo(200);
    assertThat(redeem(server, "token", s.get("token").asText()).status()).isEqualTo(200);
  }
}
