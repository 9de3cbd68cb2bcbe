package dev.assetstore.http.shares;

import static dev.assetstore.http.shares.ShareChecks.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every owner endpoint × scopes; the unauthenticated ones; email without SMTP; the share page. */
class ShareScopesTest {
  static final List<String> ALL =
      List.of(
          "store:read",
          "store:write",
          "store:share",
          "apikeys:read",
          "apikeys:write",
          "users:read",
          "users:write");
  static TestServer server;
  static Http http;
  static String folderId;
  static String assetId;

  @BeforeAll
  static void start() {
    server = TestServer.start(); // no ASSET_STORE_SMTP_URL
    http = server.http;
    folderId = server.createFolder("Scoped", null);
    assetId = upload(http, folderId, "scoped.txt", "scoped").get("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** An endpoint: its scope, and a call made with the given client against a fresh share id. */
  record Endpoint(String name, String scope, int okStatus, BiFunction<Http, String, Resp> call) {}

  static List<Endpoint> endpoints() {
    return List.of(
        new Endpoint(
            "create",
            "store:share",
            201,
            (h, id) -> h.json("POST", SHARES, body("asset", assetId))),
        new Endpoint("list", "store:read", 200, (h, id) -> h.get(SHARES)),
        new Endpoint("list (no slash)", "store:read", 200, (h, id) -> h.get("/api/share")),
        new Endpoint("filters", "store:read", 200, (h, id) -> h.get(SHARES + "filters")),
        new Endpoint("get", "store:read", 200, (h, id) -> h.get(SHARES + id)),
        new Endpoint("download", "store:read", 200, (h, id) -> h.get(SHARES + id + "/download")),
        new Endpoint(
            "asset shares",
            "store:read",
            200,
            (h, id) -> h.get("/api/store/asset/" + assetId + "/shares")),
        new Endpoint(
            "folder shares",
            "store:read",
            200,
            (h, id) -> h.get("/api/store/folder/" + folderId + "/shares")),
        new Endpoint(
            "put", "store:write", 200, (h, id) -> h.json("PUT", SHARES + id, body("name", "p"))),
        new Endpoint(
            "patch",
            "store:write",
            200,
            (h, id) -> h.json("PATCH", SHARES + id, body("name", "q"))),
        new Endpoint("delete", "store:write", 204, (h, id) -> h.delete(SHARES + id)),
        new Endpoint(
            "email",
            "store:share",
            503, // allowed, but no SMTP here
            (h, id) ->
                h.json("POST", SHARES + id + "/email", body("recipients", List.of("a@b.io")))));
  }

  static String freshShare() {
    return create(http, "asset", assetId).get("id").asText();
  }

  @Test
  void everyOwnerEndpointChecksItsScope() {
    for (Endpoint e : endpoints()) {
      List<String> others = new ArrayList<>(ALL);
      others.remove(e.scope());
      String without = http.createKey(others.toArray(String[]::new));
      String only = http.createKey(e.scope());
      String id = freshShare();

      Resp anon = e.call().apply(http.as(null), id);
      assertThat(anon.status())
          .as("%s without credentials: %s", e.name(), anon.text())
          .isEqualTo(401);
      assertThat(anon.header("WWW-Authenticate")).as(e.name()).isNotNull();
      assertThat(anon.json().get("detail").isTextual()).isTrue();

      Resp bad = e.call().apply(http.as("sla_live_" + "x".repeat(43)), id);
      assertThat(bad.status()).as("%s with a bad key", e.name()).isEqualTo(401);

      Resp forbidden = e.call().apply(http.as(without), id);
      assertThat(forbidden.status())
          .as("%s with every scope but %s: %s", e.name(), e.scope(), forbidden.text())
          .isEqualTo(403);
      assertThat(forbidden.json().get("detail").asText()).as(e.name()).contains(e.scope());

      Resp ok = e.call().apply(http.as(only), id);
      assertThat(ok.status())
          .as("%s with only %s: %s", e.name(), e.scope(), ok.text())
          .isEqualTo(e.okStatus());
    }
  }

  @Test
  void refusedWritesChangeNothing() {
    String id = freshShare();
    String reader = http.createKey("store:read", "store:share");
    assertThat(http.as(reader).json("PATCH", SHARES + id, body("name", "nope")).status())
        .isEqualTo(403);
    assertThat(http.as(reader).delete(SHARES + id).status()).isEqualTo(403);
    assertThat(get(http, id).get("name").isNull()).isTrue();
    String writer = http.createKey("store:write", "store:read");
    int before = http.get(SHARES + "?asset=" + assetId).json().get("collection_total").asInt();
    assertThat(http.as(writer).json("POST", SHARES, body("asset", assetId)).status())
        .isEqualTo(403);
    assertThat(http.get(SHARES + "?asset=" + assetId).json().get("collection_total").asInt())
        .isEqualTo(before);
  }

  @Test
  void redemptionAndTheSharePageNeedNoCredentials() {
    JsonNode s = create(http, "asset", assetId);
    String token = s.get("token").asText();
    assertThat(redeem(server, "token", token).status()).isEqualTo(200);
    Resp page = http.as(null).get("/s/" + token);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    String csp = page.header("Content-Security-Policy");
    assertThat(csp).isNotNull().doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(csp).contains("default-src");
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(page.text()).containsIgnoringCase("<html");
    // the page itself never embeds the share's secrets or target
    assertThat(page.text()).doesNotContain(assetId);
  }

  @Test
  void emailWithoutSmtpIs503WithoutRetryAfter() {
    String id = freshShare();
    Resp r = http.json("POST", SHARES + id + "/email", body("recipients", List.of("z@b.io")));
    assertThat(assertError(r, 503).asText()).contains("ASSET_STORE_SMTP_URL");
    assertThat(r.header("Retry-After")).isNull();
    assertThat(get(http, id).get("recipients")).isEmpty();
  }
}
