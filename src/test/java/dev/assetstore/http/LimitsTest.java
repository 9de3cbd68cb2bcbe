package dev.assetstore.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.store.JsonLimits;
import dev.assetstore.store.listing.ListParams;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.RawHttp;
import dev.assetstore.support.RawHttp.Raw;
import dev.assetstore.support.TestServer;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: every request limit holds exactly at its edge and refuses one step beyond it, with the
 * contract's status and body, and a refused request changes nothing. The defaults are tested on one
 * server; the configurable ones also on a second server started with small values.
 */
class LimitsTest {
  static TestServer server;
  static TestServer small;
  static Http http;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http;
    small =
        TestServer.start(
            Map.of(
                "ASSET_STORE_MAX_JSON_BYTES", "2048",
                "ASSET_STORE_MAX_HEADER_BYTES", "2048",
                "ASSET_STORE_MAX_HEADERS", "10",
                "ASSET_STORE_MAX_RESUMABLE_BYTES", "4096"));
  }

  @AfterAll
  static void stop() {
    server.close();
    small.close();
  }

  // ------------------------------------------------------------------ request head

  @Test
  void headerBytesUpToTheLimitAreServedOneMoreIs431() {
    assertHeaderBytes(server, Limits.DEFAULTS.maxHeaderBytes());
    assertHeaderBytes(small, 2048);
  }

  private static void assertHeaderBytes(TestServer s, int limit) {
    String base = "Host: 127.0.0.1\r\nConnection: close\r\nX-API-Key: " + TestServer.ADMIN_KEY;
    // The limit counts the header lines without their CRLFs.
    int used =
        "Host: 127.0.0.1".length()
            + "Connection: close".length()
            + ("X-API-Key: " + TestServer.ADMIN_KEY).length()
            + "X-Pad: ".length();
    String at = base + "\r\nX-Pad: " + "p".repeat(limit - used) + "\r\n";
    Raw ok = RawHttp.exchange(s.port(), "GET /api/store/folder/ HTTP/1.1\r\n" + at, null, 10_000);
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);

    String over = base + "\r\nX-Pad: " + "p".repeat(limit - used + 1) + "\r\n";
    Raw refused =
        RawHttp.exchange(s.port(), "GET /api/store/folder/ HTTP/1.1\r\n" + over, null, 10_000);
    assertError(refused, 431, "The request headers are larger than " + limit + " bytes");
  }

  @Test
  void headerCountUpToTheLimitIsServedOneMoreIs431() {
    assertHeaderCount(server, Limits.DEFAULTS.maxHeaders());
    assertHeaderCount(small, 10);
  }

  private static void assertHeaderCount(TestServer s, int limit) {
    Raw ok = RawHttp.exchange(s.port(), headWithHeaders(limit), null, 10_000);
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    Raw refused = RawHttp.exchange(s.port(), headWithHeaders(limit + 1), null, 10_000);
    assertError(refused, 431, "At most " + limit + " request headers");
  }

  /** GET of a folder list with exactly {@code n} header fields. */
  private static String headWithHeaders(int n) {
    StringBuilder h = new StringBuilder("GET /api/store/folder/ HTTP/1.1\r\n");
    h.append("Host: 127.0.0.1\r\nConnection: close\r\nX-API-Key: ")
        .append(TestServer.ADMIN_KEY)
        .append("\r\n");
    for (int i = 3; i < n; i++) {
      h.append("X-H").append(i).append(": v\r\n");
    }
    return h.toString();
  }

  @Test
  void requestLineUpTo64KiBIsServedOneMoreByteIs414() {
    String prefix = "GET /health?x=";
    String suffix = " HTTP/1.1";
    int pad = Limits.MAX_REQUEST_LINE - prefix.length() - suffix.length();
    String tail = "\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    Raw ok =
        RawHttp.exchange(server.port(), prefix + "a".repeat(pad) + suffix + tail, null, 10_000);
    assertThat(ok.status()).isEqualTo(200);
    Raw refused =
        RawHttp.exchange(server.port(), prefix + "a".repeat(pad + 1) + suffix + tail, null, 10_000);
    assertError(refused, 414, "The request line is longer than 65536 bytes");
  }

  @Test
  void queryParametersUpToTheLimitAreReadOneMoreIs422() {
    Resp ok = http.get("/health?" + params(Limits.MAX_QUERY_PARAMS));
    assertThat(ok.status()).isEqualTo(200);
    Resp refused = http.get("/api/store/folder/?" + params(Limits.MAX_QUERY_PARAMS + 1));
    JsonNode d = assertError(refused, 422);
    assertThat(d.get(0).get("loc").toString()).isEqualTo("[\"query\"]");
    assertThat(d.get(0).get("msg").asText()).isEqualTo("At most 1024 query parameters are allowed");
  }

  private static String params(int n) {
    StringJoiner j = new StringJoiner("&");
    for (int i = 0; i < n; i++) {
      j.add("p" + i + "=1");
    }
    return j.toString();
  }

  // ------------------------------------------------------------------ JSON bodies

  @Test
  void jsonBodyOfExactlyTheLimitIsReadOneMoreByteIs413AndCreatesNothing() {
    assertJsonLimit(server, (int) Limits.DEFAULTS.maxJsonBytes());
    assertJsonLimit(small, 2048);
  }

  private static void assertJsonLimit(TestServer s, int limit) {
    String json = "{\"name\":\"sized-" + limit + "\"}";
    // JSON allows any amount of white space: pad a valid body to the exact size.
    String at = json + " ".repeat(limit - json.length());
    assertThat(at.getBytes(StandardCharsets.UTF_8)).hasSize(limit);
    long before = folderCount(s);
    Resp created = s.http.json("POST", "/api/store/folder/", at);
    assertThat(created.status()).as(created.text()).isEqualTo(201);

    String over = "{\"name\":\"sized-over\"}" + " ".repeat(limit - 20);
    assertThat(over.getBytes(StandardCharsets.UTF_8)).hasSize(limit + 1);
    Resp refused = s.http.json("POST", "/api/store/folder/", over);
    assertThat(assertError(refused, 413).asText()).isEqualTo("Request body too large");
    assertThat(folderCount(s)).isEqualTo(before + 1);
  }

  @Test
  void jsonNestedUpTo64LevelsIsReadOneMoreIs422() {
    String asset = upload(Map.of(), "deep.txt").json().get("id").asText();
    // The body object is level 1, metadata level 2; 62 more levels inside make 64.
    Resp ok =
        http.json(
            "PATCH",
            "/api/store/asset/" + asset,
            "{\"metadata\":" + nested(JsonLimits.MAX_DEPTH - 1) + "}");
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    JsonNode stored = http.get("/api/store/asset/" + asset).json().get("metadata");

    Resp refused =
        http.json(
            "PATCH",
            "/api/store/asset/" + asset,
            "{\"metadata\":" + nested(JsonLimits.MAX_DEPTH) + "}");
    JsonNode d = assertError(refused, 422);
    assertThat(d.get(0).get("type").asText()).isEqualTo("json_invalid");
    assertThat(http.get("/api/store/asset/" + asset).json().get("metadata")).isEqualTo(stored);
  }

  /** {@code levels} nested objects: {"a":{"a":…{}}}. */
  private static String nested(int levels) {
    return "{\"a\":".repeat(levels - 1) + "{}" + "}".repeat(levels - 1);
  }

  @Test
  void jsonStringsUpTo1MiCharactersAreReadLongerOnesAreNotJson() {
    try (TestServer big = TestServer.start(Map.of("ASSET_STORE_MAX_JSON_BYTES", "3000000"))) {
      String at = "{\"name\":\"" + "x".repeat(JsonLimits.MAX_STRING_CHARS) + "\"}";
      // Read, then refused by the name rule: the parser let it through.
      JsonNode d = assertError(big.http.json("POST", "/api/store/folder/", at), 422);
      assertThat(d.get(0).get("loc").toString()).isEqualTo("[\"body\",\"name\"]");

      String over = "{\"name\":\"" + "x".repeat(JsonLimits.MAX_STRING_CHARS + 1) + "\"}";
      JsonNode e = assertError(big.http.json("POST", "/api/store/folder/", over), 422);
      assertThat(e.get(0).get("type").asText()).isEqualTo("json_invalid");
      assertThat(folderCount(big)).isZero();
    }
  }

  // ------------------------------------------------------------------ forms

  @Test
  void loginFormWithUpTo64FieldsIsReadOneMoreIs413() {
    Resp ok = login(Limits.MAX_FORM_FIELDS);
    assertThat(ok.status()).as(ok.text()).isEqualTo(401);
    Resp refused = login(Limits.MAX_FORM_FIELDS + 1);
    assertThat(assertError(refused, 413).asText())
        .isEqualTo("Too many form fields or parts (at most 64)");
  }

  @Test
  void loginBodyUpTo8KiBIsReadOneMoreByteIs413() {
    String base = "username=nobody-here&password=";
    int limit = (int) Limits.LOGIN_BODY_BYTES;
    Resp ok = loginBody(base + "p".repeat(limit - base.length()));
    assertThat(ok.status()).as(ok.text()).isEqualTo(401);
    Resp refused = loginBody(base + "p".repeat(limit - base.length() + 1));
    assertThat(assertError(refused, 413).asText()).isEqualTo("Request body too large");
  }

  private static Resp loginBody(String form) {
    Http anon = http.as(null);
    return anon.send(
        anon.request("/api/login/access-token")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString(form))
            .build());
  }

  /** A login form of {@code n} fields (username, password and fillers) for an unknown user. */
  private static Resp login(int n) {
    StringJoiner j = new StringJoiner("&");
    j.add("username=nobody-here").add("password=wrong-password");
    for (int i = 2; i < n; i++) {
      j.add("f" + i + "=1");
    }
    return loginBody(j.toString());
  }

  @Test
  void uploadWithUpTo64PartsIsStoredOneMoreIs413AndStoresNothing() {
    Resp ok = upload(fields(Limits.MAX_FORM_FIELDS - 1), "parts-ok.txt");
    assertThat(ok.status()).as(ok.text()).isEqualTo(201);
    assertNothingStoredBy(
        () -> {
          Resp refused = upload(fields(Limits.MAX_FORM_FIELDS), "parts-over.txt");
          assertThat(assertError(refused, 413).asText())
              .isEqualTo("Too many form fields or parts (at most 64)");
        });
  }

  private static Map<String, String> fields(int n) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put("extra" + i, "v");
    }
    return m;
  }

  @Test
  void formFieldUpTo64KiBIsReadOneMoreByteIs413AndStoresNothing() {
    Resp ok = upload(Map.of("note", "n".repeat(Limits.MAX_FORM_FIELD_BYTES)), "field-ok.txt");
    assertThat(ok.status()).as(ok.text()).isEqualTo(201);
    assertNothingStoredBy(
        () -> {
          Resp refused =
              upload(Map.of("note", "n".repeat(Limits.MAX_FORM_FIELD_BYTES + 1)), "field-over.txt");
          assertThat(assertError(refused, 413).asText())
              .isEqualTo("A form field is larger than 65536 bytes");
        });
  }

  private static Resp upload(Map<String, String> fields, String name) {
    return http.upload("", name, "limit test".getBytes(StandardCharsets.UTF_8), fields);
  }

  // ------------------------------------------------------------------ list queries

  @Test
  void upTo32FiltersAreAppliedOneMoreIs422() {
    Resp ok = http.get("/api/store/asset/?" + filters(ListParams.MAX_FILTERS));
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    Resp refused = http.get("/api/store/asset/?" + filters(ListParams.MAX_FILTERS + 1));
    JsonNode d = assertError(refused, 422);
    assertThat(d.get(0).get("msg").asText()).isEqualTo("At most 32 filters are allowed");
  }

  private static String filters(int n) {
    StringJoiner j = new StringJoiner("&");
    for (int i = 0; i < n; i++) {
      j.add("name__ne=not-" + i);
    }
    return j.toString();
  }

  @Test
  void searchTextAndFilterValuesUpTo1024CharactersAreReadLongerAre422() {
    int max = ListParams.MAX_VALUE_LENGTH;
    assertThat(http.get("/api/store/folder/?q=" + "q".repeat(max)).status()).isEqualTo(200);
    assertThat(http.get("/api/store/folder/?name__icontains=" + "q".repeat(max)).status())
        .isEqualTo(200);
    JsonNode q = assertError(http.get("/api/store/folder/?q=" + "q".repeat(max + 1)), 422);
    assertThat(q.get(0).get("loc").toString()).isEqualTo("[\"query\",\"q\"]");
    JsonNode f =
        assertError(http.get("/api/store/folder/?name__icontains=" + "q".repeat(max + 1)), 422);
    assertThat(f.get(0).get("type").asText()).isEqualTo("string_too_long");
  }

  @Test
  void inListsUpTo250ValuesAreReadOneMoreIs422() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < ListParams.MAX_IN_VALUES; i++) {
      ids.add("name-" + i);
    }
    assertThat(http.get("/api/store/asset/?name__in=" + String.join(",", ids)).status())
        .isEqualTo(200);
    ids.add("one-more");
    JsonNode d = assertError(http.get("/api/store/asset/?name__in=" + String.join(",", ids)), 422);
    assertThat(d.get(0).get("msg").asText()).isEqualTo("At most 250 values are allowed");
  }

  // ------------------------------------------------------------------ helpers

  // ------------------------------------------------------------------ resumable uploads (§10)

  @Test
  void uploadLengthUpToTheResumableLimitIsCreatedOneMoreIs413AndCreatesNothing() {
    assertUploadLength(server, 10L * 1024 * 1024 * 1024);
    assertUploadLength(small, 4096);
  }

  private static void assertUploadLength(TestServer s, long limit) {
    Resp ok = tusCreate(s.http, limit, "Upload-Metadata", "filename YS5iaW4=");
    assertThat(ok.status()).as(ok.text()).isEqualTo(201);
    assertThat(s.http.send(s.http.request(ok.header("Location")).DELETE().build()).status())
        .isEqualTo(204);
    long blobs = s.blobFileCount();
    Resp refused = tusCreate(s.http, limit + 1, "Upload-Metadata", "filename YS5iaW4=");
    assertThat(assertError(refused, 413).asText())
        .isEqualTo("Upload-Length exceeds the limit of " + limit + " bytes");
    assertThat(refused.header("Location")).isNull();
    assertThat(s.blobFileCount()).isEqualTo(blobs);
  }

  @Test
  void pieceUpToTheUploadLengthIsAppendedOneMoreByteIs413AndAppendsNothing() {
    Resp created = tusCreate(http, 10, "Upload-Metadata", "filename YS5iaW4=");
    String path = created.header("Location");
    Resp refused = tusPatch(path, 0, new byte[11]);
    assertThat(assertError(refused, 413).asText())
        .isEqualTo("The piece goes past the upload's length of 10 bytes");
    assertThat(refused.header("Upload-Offset")).isEqualTo("0");
    Resp head =
        http.send(
            http.request(path)
                .header("Tus-Resumable", "1.0.0")
                .method("HEAD", BodyPublishers.noBody())
                .build());
    assertThat(head.header("Upload-Offset")).isEqualTo("0");
    Resp ok = tusPatch(path, 0, new byte[10]);
    assertThat(ok.status()).as(ok.text()).isEqualTo(204);
    assertThat(ok.header("Upload-Offset")).isEqualTo("10");
  }

  @Test
  void tusCreationHeadersUpToTheLimitAreReadOneMoreByteIs431() {
    int limit = 2048;
    String base =
        "Host: 127.0.0.1\r\nConnection: close\r\nX-API-Key: "
            + TestServer.ADMIN_KEY
            + "\r\nTus-Resumable: 1.0.0\r\nUpload-Length: 10\r\nUpload-Metadata: filename ";
    // The limit counts the header lines without their CRLFs; X-Pad fills up to it exactly.
    int used = base.replace("\r\n", "").length() + "X-Pad: ".length();
    String b64 = "YS5iaW4=";
    String pad = "X-Pad: " + "p".repeat(limit - used - b64.length());
    Raw ok =
        RawHttp.exchange(
            small.port(),
            "POST /api/store/asset/tus/ HTTP/1.1\r\n" + base + b64 + "\r\n" + pad + "\r\n",
            null,
            10_000);
    assertThat(ok.status()).as(ok.text()).isEqualTo(201);
    Raw refused =
        RawHttp.exchange(
            small.port(),
            "POST /api/store/asset/tus/ HTTP/1.1\r\n" + base + b64 + "\r\n" + pad + "p\r\n",
            null,
            10_000);
    assertError(refused, 431, "The request headers are larger than " + limit + " bytes");
  }

  private static Resp tusCreate(Http h, long length, String... headers) {
    var b =
        h.request("/api/store/asset/tus/")
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Length", Long.toString(length));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return h.send(b.POST(BodyPublishers.noBody()).build());
  }

  private static Resp tusPatch(String path, long offset, byte[] body) {
    return http.send(
        http.request(path)
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Offset", Long.toString(offset))
            .header("Content-Type", "application/offset+octet-stream")
            .method("PATCH", BodyPublishers.ofByteArray(body))
            .build());
  }

  private static long folderCount(TestServer s) {
    return s.http.get("/api/store/folder/?limit=1").json().get("collection_total").asLong();
  }

  private static long assetCount() {
    return http.get("/api/store/asset/?limit=1").json().get("collection_total").asLong();
  }

  /** The refused request left no asset record and no blob file behind. */
  private static void assertNothingStoredBy(Runnable refused) {
    long assets = assetCount();
    long blobs = server.blobFileCount();
    refused.run();
    assertThat(assetCount()).isEqualTo(assets);
    long deadline = System.currentTimeMillis() + 10_000;
    while (server.blobFileCount() != blobs && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(server.blobFileCount()).isEqualTo(blobs);
  }

  private static JsonNode assertError(Resp r, int status) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.text()).doesNotContain("Exception").doesNotContain("\tat ");
    return r.json().get("detail");
  }

  private static void assertError(Raw r, int status, String detail) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.text()).isEqualTo("{\"detail\":\"" + detail + "\"}");
  }
}
