package dev.assetstore.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assetstore.support.Http;
import dev.assetstore.support.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CORS (contract §1): preflights and real requests from an allowed and a refused origin, and a
 * server with no origins configured, all through a real server.
 */
class CorsTest {
  static final String ALLOWED = "https://app.example.com";
  static final String OTHER_ALLOWED = "http://localhost:5173";
  static final String REFUSED = "https://evil.example.net";
  static final List<String> REQUEST_HEADERS =
      List.of(
          "Authorization",
          "X-API-Key",
          "Content-Type",
          "Range",
          "If-None-Match",
          "If-Modified-Since",
          "Tus-Resumable",
          "Upload-Length",
          "Upload-Offset",
          "Upload-Metadata",
          "Upload-Checksum",
          "Upload-Complete",
          "Upload-Draft-Interop-Version");
  static final List<String> EXPOSED_HEADERS =
      List.of(
          "ETag",
          "Content-Disposition",
          "Content-Range",
          "Content-Length",
          "Location",
          "Repr-Digest",
          "Upload-Offset",
          "Upload-Length",
          "Upload-Expires",
          "Tus-Resumable",
          "Tus-Version",
          "Tus-Extension",
          "Tus-Max-Size",
          "Asset-Location");

  static TestServer server;
  static TestServer plain;
  static String assetId;

  @BeforeAll
  static void start() {
    // Written the way an operator might: spaces, a trailing slash, upper case, a default port.
    server =
        TestServer.start(
            Map.of("ASSET_STORE_CORS_ORIGINS", " HTTPS://App.Example.com:443/ , " + OTHER_ALLOWED));
    plain = TestServer.start();
    var up = server.http.upload("cors.bin", "0123456789abcdef".getBytes());
    assertThat(up.status()).isEqualTo(201);
    assetId = up.json().get("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
    plain.close();
  }

  @Test
  void preflightFromAnAllowedOriginNamesTheRoutesMethodsAndTheRequestHeaders() {
    var r = preflight(server, "/api/store/asset/" + assetId, ALLOWED, "PATCH");
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    assertThat(list(r.header("Access-Control-Allow-Methods")))
        .containsExactlyInAnyOrder("GET", "PUT", "PATCH", "DELETE");
    assertThat(list(r.header("Access-Control-Allow-Headers")))
        .containsExactlyInAnyOrderElementsOf(REQUEST_HEADERS);
    assertThat(Integer.parseInt(r.header("Access-Control-Max-Age"))).isBetween(600, 7200);
    assertThat(r.headers().allValues("Vary")).contains("Origin");
    assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
  }

  @Test
  void preflightMethodsFollowTheRouteWithOrWithoutTheTrailingSlash() {
    assertThat(methods(preflight(server, "/api/store/asset/upload", ALLOWED, "POST")))
        .containsExactly("POST");
    assertThat(methods(preflight(server, "/api/store/asset/", ALLOWED, "GET")))
        .containsExactly("GET");
    assertThat(methods(preflight(server, "/api/store/asset", ALLOWED, "GET")))
        .containsExactly("GET");
    assertThat(methods(preflight(server, "/api/store/asset/download", OTHER_ALLOWED, "GET")))
        .containsExactlyInAnyOrder("GET", "HEAD");
    var r = preflight(server, "/api/store/folder/" + assetId + "/download", OTHER_ALLOWED, "GET");
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(OTHER_ALLOWED);
    assertThat(methods(r)).containsExactlyInAnyOrder("GET", "HEAD");
  }

  @Test
  void preflightForAPathWithNoRouteIsAReadable404() {
    var r = preflight(server, "/api/no/such/route", ALLOWED, "GET");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("detail").asText()).isNotEmpty();
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    assertThat(r.header("Access-Control-Allow-Methods")).isNull();
  }

  @Test
  void preflightFromARefusedOriginIs403WithoutCorsHeaders() {
    var r = preflight(server, "/api/store/asset/" + assetId, REFUSED, "DELETE");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().get("detail").asText()).contains("not allowed");
    assertNoCorsHeaders(r);
    // An allowed origin's look-alike is another origin.
    assertThat(preflight(server, "/api/store/asset/", "https://app.example.com.evil.net", "GET"))
        .satisfies(x -> assertThat(x.status()).isEqualTo(403))
        .satisfies(CorsTest::assertNoCorsHeaders);
    assertThat(preflight(server, "/api/store/asset/", "http://app.example.com", "GET").status())
        .isEqualTo(403);
  }

  @Test
  void plainOptionsWithoutARequestMethodIsLeftToTheRoutes() {
    var r =
        server.http.send(
            server
                .http
                .request("/api/store/asset/" + assetId)
                .header("Origin", ALLOWED)
                .method("OPTIONS", BodyPublishers.noBody())
                .build());
    // No route here answers OPTIONS itself: the router's answer, not a preflight's 204.
    assertThat(r.status()).isNotEqualTo(204);
    assertThat(r.header("Access-Control-Allow-Methods")).isNull();
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
  }

  @Test
  void tusPreflightsAreAnsweredAndPlainOptionsReachesTheTusRoute() {
    var create = preflight(server, "/api/store/asset/tus/", ALLOWED, "POST");
    assertThat(create.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    assertThat(methods(create)).containsExactly("POST");
    var append =
        preflight(
            server, "/api/store/asset/tus/0190a0d2-7c3e-7000-8000-0000000000aa", ALLOWED, "PATCH");
    assertThat(methods(append)).contains("HEAD", "PATCH", "DELETE");
    // tus's own discovery request (no Access-Control-Request-Method) is answered by its route,
    // readable by the allowed origin.
    var discovery =
        server.http.send(
            server
                .http
                .as(null)
                .request("/api/store/asset/tus/")
                .header("Origin", ALLOWED)
                .method("OPTIONS", BodyPublishers.noBody())
                .build());
    assertThat(discovery.status()).isEqualTo(204);
    assertThat(discovery.header("Tus-Version")).isEqualTo("1.0.0");
    assertThat(discovery.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    assertThat(discovery.header("Access-Control-Allow-Methods")).isNull();
  }

  @Test
  void tusUploadFromAnAllowedOriginExposesItsOffsetAndLocation() {
    var created =
        server.http.send(
            server
                .http
                .request("/api/store/asset/tus/")
                .header("Origin", ALLOWED)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "5")
                .header("Upload-Metadata", "filename Y29ycy50eHQ=")
                .POST(BodyPublishers.noBody())
                .build());
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    assertThat(list(created.header("Access-Control-Expose-Headers")))
        .contains("Location", "Upload-Offset", "Upload-Expires", "Tus-Resumable");
    var appended =
        server.http.send(
            server
                .http
                .request(created.header("Location"))
                .header("Origin", ALLOWED)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", BodyPublishers.ofString("hello"))
                .build());
    assertThat(appended.status()).isEqualTo(204);
    assertThat(appended.header("Upload-Offset")).isEqualTo("5");
    assertThat(appended.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    assertThat(list(appended.header("Access-Control-Expose-Headers")))
        .contains("Upload-Offset", "Asset-Location");
  }

  @Test
  void rangedDownloadFromAnAllowedOriginIsReadableWithItsHeadersExposed() {
    var r =
        server.http.get(
            "/api/store/asset/download?id=" + assetId, "Origin", ALLOWED, "Range", "bytes=2-5");
    assertThat(r.status()).isEqualTo(206);
    assertThat(r.text()).isEqualTo("2345");
    assertThat(r.header("Content-Range")).isEqualTo("bytes 2-5/16");
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    assertThat(list(r.header("Access-Control-Expose-Headers")))
        .containsExactlyInAnyOrderElementsOf(EXPOSED_HEADERS);
    assertThat(r.headers().allValues("Vary")).contains("Origin");
    assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
  }

  @Test
  void rangedDownloadFromARefusedOriginIsServedWithoutCorsHeaders() {
    var r =
        server.http.get(
            "/api/store/asset/download?id=" + assetId, "Origin", REFUSED, "Range", "bytes=2-5");
    assertThat(r.status()).isEqualTo(206);
    assertThat(r.text()).isEqualTo("2345");
    assertNoCorsHeaders(r);
    // Still marked as varying by Origin, so a shared cache never hands it to an allowed origin.
    assertThat(r.headers().allValues("Vary")).contains("Origin");
  }

  @Test
  void uploadFromAnAllowedOriginIsReadableAndFromARefusedOneIsNot() {
    var ok =
        server.http.upload(
            "",
            "a.txt",
            "text/plain",
            BodyPublishers.ofString("from the app"),
            Map.of(),
            Map.of("Origin", ALLOWED));
    assertThat(ok.status()).isEqualTo(201);
    assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    assertThat(ok.header("Access-Control-Expose-Headers")).contains("Location");
    var other =
        server.http.upload(
            "",
            "b.txt",
            "text/plain",
            BodyPublishers.ofString("from elsewhere"),
            Map.of(),
            Map.of("Origin", REFUSED));
    assertThat(other.status()).isEqualTo(201);
    assertNoCorsHeaders(other);
  }

  @Test
  void errorsFromAnAllowedOriginAreReadable() {
    var unauthenticated =
        server.http.as(null).get("/api/store/asset/" + assetId, "Origin", ALLOWED);
    var missing =
        server.http.get("/api/store/asset/0190a0d2-7c3e-7000-8000-000000000000", "Origin", ALLOWED);
    var invalid = server.http.get("/api/store/asset/?limit=0", "Origin", ALLOWED);
    var bodyless =
        server.http.send(
            server
                .http
                .request("/api/store/asset/upload")
                .header("Origin", ALLOWED)
                .header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString("not a form"))
                .build());
    assertThat(unauthenticated.status()).isEqualTo(401);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(bodyless.status()).isBetween(400, 499);
    for (var r : List.of(unauthenticated, missing, invalid, bodyless)) {
      assertThat(r.json().has("detail")).isTrue();
      assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
      assertThat(r.header("Access-Control-Expose-Headers")).isEqualTo(Cors.EXPOSE_HEADERS);
      assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
    }
    assertNoCorsHeaders(server.http.as(null).get("/api/store/asset/" + assetId, "Origin", REFUSED));
  }

  @Test
  void routesOutsideTheApiGetNoCorsHeaders() {
    var r = server.http.get("/health", "Origin", ALLOWED);
    assertThat(r.status()).isEqualTo(200);
    assertNoCorsHeaders(r);
  }

  @Test
  void withNoOriginsConfiguredEveryOriginIsRefused() {
    var pre = preflight(plain, "/api/store/asset/", ALLOWED, "GET");
    assertThat(pre.status()).isEqualTo(403);
    assertNoCorsHeaders(pre);
    var up = plain.http.upload("p.txt", "plain".getBytes());
    String id = up.json().get("id").asText();
    var r =
        plain.http.get(
            "/api/store/asset/download?id=" + id, "Origin", ALLOWED, "Range", "bytes=0-1");
    assertThat(r.status()).isEqualTo(206);
    assertNoCorsHeaders(r);
    assertThat(r.headers().allValues("Vary")).doesNotContain("Origin");
    assertNoCorsHeaders(plain.http.as(null).get("/api/store/asset/", "Origin", ALLOWED));
  }

  @Test
  void originsAreNormalisedAndAnythingElseStopsTheStart() {
    assertThat(Cors.parseOrigins(null)).isEmpty();
    assertThat(Cors.parseOrigins(" , ")).isEmpty();
    assertThat(
            Cors.parseOrigins(
                "HTTPS://A.example:443/,http://b.example:80,http://c.example:8080,https://a.example"))
        .isEqualTo(Set.of("https://a.example", "http://b.example", "http://c.example:8080"));
    for (String bad :
        List.of(
            "*",
            "null",
            "app.example.com",
            "ftp://a.example",
            "https://a.example/path",
            "https://user@a.example",
            "https://a.example?x=1")) {
      assertThatThrownBy(() -> Cors.parseOrigins(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ASSET_STORE_CORS_ORIGINS");
    }
  }

  static Http.Resp preflight(TestServer s, String path, String origin, String method) {
    HttpRequest req =
        HttpRequest.newBuilder(java.net.URI.create(s.http.base + path))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", method)
            .header("Access-Control-Request-Headers", "x-api-key, content-type")
            .method("OPTIONS", BodyPublishers.noBody())
            .build();
    return s.http.send(req);
  }

  static List<String> methods(Http.Resp r) {
    assertThat(r.status()).isEqualTo(204);
    return list(r.header("Access-Control-Allow-Methods"));
  }

  static List<String> list(String header) {
    assertThat(header).isNotNull();
    return Arrays.stream(header.split(",")).map(String::trim).toList();
  }

  static void assertNoCorsHeaders(Http.Resp r) {
    assertThat(r.headers().map().keySet())
        .noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("access-control-"));
  }
}
