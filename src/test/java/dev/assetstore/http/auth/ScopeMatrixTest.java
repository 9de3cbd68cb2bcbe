package dev.assetstore.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every route of ApiRouter × every kind of caller (API.md §2). */
class ScopeMatrixTest {
  static final List<String> ALL_SCOPES =
      List.of(
          "store:read",
          "store:write",
          "store:share",
          "apikeys:read",
          "apikeys:write",
          "users:read",
          "users:write");

  static TestServer server;
  static Http admin;
  static String assetId;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.http.http11();
    Resp up = admin.upload("matrix.txt", "matrix".getBytes());
    assertThat(up.status()).isEqualTo(201);
    assetId = up.json().get("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** One operation: what it needs, how to call it, and what success looks like. */
  record Endpoint(String name, String scope, int ok, Function<Http, Resp> call) {
    @Override
    public String toString() {
      return name;
    }
  }

  static String freshAsset() {
    Resp up = admin.upload("victim-" + UUID.randomUUID() + ".txt", "x".getBytes());
    assertThat(up.status()).isEqualTo(201);
    return up.json().get("id").asText();
  }

  static String freshKeyId() {
    Resp r =
        admin.json("POST", "/api/admin/api-keys/", Map.of("label", "victim", "scopes", List.of()));
    assertThat(r.status()).isEqualTo(201);
    return r.json().get("id").asText();
  }

  static String freshUserId() {
    Resp r =
        admin.json(
            "POST",
            "/api/admin/users/",
            Map.of(
                "username",
                "victim-" + UUID.randomUUID(),
                "password",
                "password1",
                "scopes",
                List.of()));
    assertThat(r.status()).isEqualTo(201);
    return r.json().get("id").asText();
  }

  static List<Endpoint> endpoints() {
    List<Endpoint> all = new ArrayList<>(baseEndpoints());
    all.addAll(userEndpoints());
    return all;
  }

  /** Issue 5: the users admin API. */
  static List<Endpoint> userEndpoints() {
    return List.of(
        new Endpoint("user.list", "users:read", 200, h -> h.get("/api/admin/users/")),
        new Endpoint("user.filters", "users:read", 200, h -> h.get("/api/admin/users/filters")),
        new Endpoint(
            "user.get", "users:read", 200, h -> h.get("/api/admin/users/" + freshUserId())),
        new Endpoint(
            "user.create",
            "users:write",
            201,
            h ->
                h.json(
                    "POST",
                    "/api/admin/users/",
                    Map.of(
                        "username",
                        "made-" + UUID.randomUUID(),
                        "password",
                        "password1",
                        "scopes",
                        List.of()))),
        new Endpoint(
            "user.patch",
            "users:write",
            200,
            h -> h.json("PATCH", "/api/admin/users/" + freshUserId(), Map.of("email", "a@b.c"))),
        new Endpoint(
            "user.delete", "users:write", 204, h -> h.delete("/api/admin/users/" + freshUserId())));
  }

  static List<Endpoint> baseEndpoints() {
    return List.of(
        new Endpoint("asset.list", "store:read", 200, h -> h.get("/api/store/asset/")),
        new Endpoint("asset.filters", "store:read", 200, h -> h.get("/api/store/asset/filters")),
        new Endpoint("asset.get", "store:read", 200, h -> h.get("/api/store/asset/" + assetId)),
        new Endpoint(
            "asset.shares",
            "store:read",
            200,
            h -> h.get("/api/store/asset/" + assetId + "/shares")),
        new Endpoint(
            "asset.download",
            "store:read",
            200,
            h -> h.get("/api/store/asset/download?id=" + assetId)),
        new Endpoint(
            "asset.download(HEAD)",
            "store:read",
            200,
            h -> h.head("/api/store/asset/download?id=" + assetId)),
        new Endpoint(
            "asset.upload",
            "store:write",
            201,
            h -> h.upload("up-" + UUID.randomUUID() + ".txt", "up".getBytes())),
        new Endpoint(
            "asset.replace",
            "store:write",
            200,
            h ->
                h.json(
                    "PUT",
                    "/api/store/asset/" + assetId,
                    Map.of("name", "matrix.txt", "description", "put"))),
        new Endpoint(
            "asset.patch",
            "store:write",
            200,
            h -> h.json("PATCH", "/api/store/asset/" + assetId, Map.of("description", "patched"))),
        new Endpoint(
            "asset.delete", "store:write", 204, h -> h.delete("/api/store/asset/" + freshAsset())),
        new Endpoint("apikey.list", "apikeys:read", 200, h -> h.get("/api/admin/api-keys/")),
        new Endpoint(
            "apikey.filters", "apikeys:read", 200, h -> h.get("/api/admin/api-keys/filters")),
        new Endpoint(
            "apikey.get", "apikeys:read", 200, h -> h.get("/api/admin/api-keys/" + freshKeyId())),
        new Endpoint(
            "apikey.create",
            "apikeys:write",
            201,
            h ->
                h.json(
                    "POST",
                    "/api/admin/api-keys/",
                    Map.of("label", "made by matrix", "scopes", List.of()))),
        new Endpoint(
            "apikey.delete",
            "apikeys:write",
            204,
            h -> h.delete("/api/admin/api-keys/" + freshKeyId())));
  }

  static Stream<Endpoint> endpointStream() {
    return endpoints().stream();
  }

  static String unknownKey() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return "sla_live_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static void assertUnauthorized(Resp r) {
    assertThat(r.status()).as(r.text()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).isNotBlank();
    if (r.body().length > 0) { // HEAD has no body
      JsonNode detail = r.json().get("detail");
      assertThat(detail).isNotNull();
      assertThat(detail.isTextual()).isTrue();
      assertThat(detail.asText()).isNotBlank();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpointStream")
  void noCredentialsIs401WithChallenge(Endpoint e) {
    Resp r = e.call().apply(admin.as(null));
    assertUnauthorized(r);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpointStream")
  void unknownKeyIs401(Endpoint e) {
    Resp r = e.call().apply(admin.as(unknownKey()));
    assertUnauthorized(r);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpointStream")
  void everyScopeButTheNeededOneIs403NamingIt(Endpoint e) {
    List<String> others = new ArrayList<>(ALL_SCOPES);
    others.remove(e.scope());
    String key = admin.createKey(others.toArray(String[]::new));
    Resp r = e.call().apply(admin.as(key));
    assertThat(r.status()).as(r.text()).isEqualTo(403);
    if (r.body().length > 0) {
      assertThat(r.json().get("detail").asText()).contains(e.scope());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpointStream")
  void exactlyTheNeededScopeIsAdmitted(Endpoint e) {
    String key = admin.createKey(e.scope());
    Resp r = e.call().apply(admin.as(key));
    assertThat(r.status()).as(r.text()).isEqualTo(e.ok());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpointStream")
  void adminIsAdmitted(Endpoint e) {
    Resp r = e.call().apply(admin);
    assertThat(r.status()).as(r.text()).isEqualTo(e.ok());
  }

  /**
   * The default JDK client offers an h2c upgrade on every request. The server declines it (see
   * docs/decisions.md) and must still answer refusals with well-formed responses that client
   * accepts.
   */
  @Test
  void errorResponsesToClientsOfferingH2cAreWellFormed() {
    Http h2 = server.http; // the harness default client (offers h2c)
    assertThat(h2.get("/health").status()).isEqualTo(200);
    assertUnauthorized(h2.as(null).get("/api/store/asset/"));
    String key = h2.createKey("store:write");
    Resp forbidden = h2.as(key).get("/api/store/asset/");
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.json().get("detail").asText()).contains("store:read");
  }

  @Test
  void storeWriteAloneCannotRead() {
    String key = admin.createKey("store:write");
    Resp list = admin.as(key).get("/api/store/asset/");
    assertThat(list.status()).isEqualTo(403);
    assertThat(list.json().get("detail").asText()).contains("store:read");
    assertThat(admin.as(key).get("/api/store/asset/" + assetId).status()).isEqualTo(403);
    assertThat(admin.as(key).get("/api/store/asset/download?id=" + assetId).status())
        .isEqualTo(403);
  }

  @Test
  void noScopeImpliesAnotherExceptAdmin() {
    String key = admin.createKey("apikeys:write");
    assertThat(admin.as(key).get("/api/admin/api-keys/").status()).isEqualTo(403);
    String share = admin.createKey("store:share");
    assertThat(admin.as(share).get("/api/store/asset/").status()).isEqualTo(403);
    String adminKey = admin.createKey("admin");
    assertThat(admin.as(adminKey).get("/api/store/asset/").status()).isEqualTo(200);
    assertThat(admin.as(adminKey).get("/api/admin/api-keys/").status()).isEqualTo(200);
  }

  @Test
  void bearerApiKeyWorksLikeXApiKey() {
    String key = admin.createKey("store:read");
    Http anon = admin.as(null);
    Resp ok =
        anon.send(
            anon.request("/api/store/asset/").header("Authorization", "Bearer " + key).build());
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    assertThat(ok.json().get("items").isArray()).isTrue();
    Resp lower =
        anon.send(
            anon.request("/api/store/asset/").header("Authorization", "bearer " + key).build());
    assertThat(lower.status()).isEqualTo(200);
    Resp forbidden =
        anon.send(
            anon.request("/api/admin/api-keys/").header("Authorization", "Bearer " + key).build());
    assertThat(forbidden.status()).isEqualTo(403);
    Resp unknown =
        anon.send(
            anon.request("/api/store/asset/")
                .header("Authorization", "Bearer " + unknownKey())
                .build());
    assertUnauthorized(unknown);
  }

  @Test
  void basicAuthIs401() {
    Http anon = admin.as(null);
    String basic = Base64.getEncoder().encodeToString(("admin:" + TestServer.ADMIN_KEY).getBytes());
    Resp r =
        anon.send(
            anon.request("/api/store/asset/").header("Authorization", "Basic " + basic).build());
    assertUnauthorized(r);
    Resp raw =
        anon.send(
            anon.request("/api/store/asset/")
                .header("Authorization", "Basic " + TestServer.ADMIN_KEY)
                .build());
    assertUnauthorized(raw);
  }

  @Test
  void emptyOrMalformedCredentialsAre401() {
    Http anon = admin.as(null);
    for (String v : List.of("Bearer", "Bearer ", "Token " + TestServer.ADMIN_KEY, "garbage")) {
      Resp r = anon.send(anon.request("/api/store/asset/").header("Authorization", v).build());
      assertUnauthorized(r);
    }
    assertUnauthorized(admin.as("not-a-key").get("/api/store/asset/"));
    assertUnauthorized(admin.as(TestServer.ADMIN_KEY + "x").get("/api/store/asset/"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/health", "/ready", "/metrics", "/api/openapi.json", "/docs"})
  void publicEndpointsNeedNoCredentials(String path) {
    Resp r = admin.as(null).get(path);
    assertThat(r.status()).as(path + " " + r.text()).isEqualTo(200);
    assertThat(r.header("WWW-Authenticate")).isNull();
    // a bad key on a public endpoint is ignored, not refused
    Resp bad = admin.as(unknownKey()).get(path);
    assertThat(bad.status()).isEqualTo(200);
  }
}
