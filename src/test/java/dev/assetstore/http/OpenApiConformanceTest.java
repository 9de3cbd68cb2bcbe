package dev.assetstore.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.RawInterim;
import dev.assetstore.support.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hand-written OpenAPI document (served at {@code GET /api/openapi.json}) against the real
 * server: every route is documented, every operation is exercised, every status it answers is
 * declared, and every JSON body validates against the declared schema (JSON Schema 2020-12, with
 * {@code $ref}s resolved inside the document). A response shape that drifts fails here.
 */
class OpenApiConformanceTest {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final String DOC_IRI = "https://asset-store.test/api/openapi.json";
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  /**
   * Live routes that are not part of the API and so have no OpenAPI operation: pages and static
   * files for people, as "method path" with the router's path (":x" as "{x}", a trailing "*" as
   * "{file}"). A route under /api never belongs here: document it.
   */
  private static final Set<String> UNDOCUMENTED_PAGES = Set.of();

  private static final Set<String> PUBLIC_PATHS =
      Set.of(
          "/health",
          "/ready",
          "/metrics",
          "/api/openapi.json",
          "/docs",
          "/docs/{file}",
          "/api/login/access-token",
          "/api/login/refresh-token",
          "/api/login/logout",
          "/",
          "/app/",
          "/app/folder/{id}",
          "/app/asset/{id}",
          "/app/static/{file}",
          "/app/sw.js");

  /** Share paths that need no credentials at all (redemption and the page for people). */
  private static final Set<String> SHARE_PUBLIC_PATHS =
      Set.of("/api/share/get_access", "/s/{token}", "/s-static/{file}");

  /** Recipient paths: only a share access token, never an API key or user token. */
  private static final Set<String> SHARE_ACCESS_PATHS =
      Set.of(
          "/api/share/access/items",
          "/api/share/access/download",
          "/api/share/access/preview",
          "/api/share/access/folder/{id}/download");

  /**
   * Declared statuses this test cannot provoke against a healthy local server (507: see
   * StorageFailureTest, DiskFullIT, DatabaseFullTest).
   */
  private static final Set<String> UNPROVOKED =
      Set.of(
          "500",
          "503",
          "507",
          "asset.upload 400",
          "ops.ready 503",
          // expiry needs a moved clock: TusProtocolTest#idleUploadsExpireTo410AndTheirBytesAreFreed
          "upload.head 410",
          "upload.append 410",
          "upload.delete 410",
          "upload.get 410");

  private static TestServer server;
  private static TestServer small;
  private static JsonNode doc;
  private static SchemaRegistry registry;
  private static final Map<String, Schema> schemas = new ConcurrentHashMap<>();
  private static final Set<String> exercised = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    small = TestServer.start(Map.of("ASSET_STORE_MAX_UPLOAD_BYTES", "1000"));
    Resp r = server.http.as(null).get("/api/openapi.json");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    String text = r.text();
    doc = MAPPER.readTree(text);
    SchemaRegistryConfig config =
        SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
    registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            b -> b.schemas(Map.of(DOC_IRI, text)).schemaRegistryConfig(config));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (small != null) {
      small.close();
    }
  }

  // ---------------------------------------------------------------- the document itself

  @Test
  void documentIsWellFormedOpenApi31() {
    assertThat(doc.path("openapi").asString()).isEqualTo("3.1.0");
    assertThat(doc.path("info").path("title").isString()).isTrue();
    assertThat(doc.path("info").path("version").isString()).isTrue();
    assertThat(doc.path("servers").get(0).path("url").asString()).isEqualTo("/");
    assertThat(doc.path("paths").isObject()).isTrue();

    JsonNode schemes = doc.path("components").path("securitySchemes");
    assertThat(schemes.path("OAuth2PasswordBearer").path("type").asString()).isEqualTo("oauth2");
    assertThat(
            schemes
                .path("OAuth2PasswordBearer")
                .path("flows")
                .path("password")
                .path("tokenUrl")
                .asString())
        .isEqualTo("/api/login/access-token");
    assertThat(schemes.path("APIKeyHeader").path("type").asString()).isEqualTo("apiKey");
    assertThat(schemes.path("APIKeyHeader").path("in").asString()).isEqualTo("header");
    assertThat(schemes.path("APIKeyHeader").path("name").asString()).isEqualTo("X-API-Key");

    // every $ref resolves inside the document
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).as("only local refs").startsWith("#/");
      assertThat(doc.at(ref.substring(1)).isMissingNode()).as("$ref %s resolves", ref).isFalse();
    }

    Set<String> tags = new LinkedHashSet<>();
    doc.path("tags").forEach(t -> tags.add(t.path("name").asString()));
    Set<String> ids = new LinkedHashSet<>();
    Pattern templ = Pattern.compile("\\{([^}]+)}");
    doc.path("paths")
        .forEachEntry(
            (path, item) ->
                item.forEachEntry(
                    (method, op) -> {
                      assertThat(METHODS)
                          .as("%s: %s is an HTTP method", path, method)
                          .contains(method);
                      String where = method.toUpperCase(Locale.ROOT) + " " + path;
                      String id = op.path("operationId").asString();
                      assertThat(id).as("%s operationId", where).isNotEmpty();
                      assertThat(ids.add(id)).as("operationId %s is unique", id).isTrue();
                      assertThat(op.path("summary").asString()).as(where).isNotEmpty();
                      assertThat(op.path("tags").size()).as(where).isPositive();
                      op.path("tags").forEach(t -> assertThat(tags).contains(t.asString()));
                      assertThat(op.path("responses").size()).as(where).isPositive();
                      op.path("responses")
                          .forEachEntry(
                              (status, resp) -> {
                                assertThat(status).matches("[1-5][0-9][0-9]");
                                assertThat(deref(resp).path("description").isString())
                                    .as("%s %s description", where, status)
                                    .isTrue();
                              });
                      // path templates and path parameters agree
                      Set<String> declared = new TreeSet<>();
                      for (JsonNode p : op.path("parameters")) {
                        JsonNode param = deref(p);
                        assertThat(param.path("name").asString()).isNotEmpty();
                        assertThat(param.path("in").asString())
                            .isIn("query", "header", "path", "cookie");
                        if (param.path("in").asString().equals("path")) {
                          assertThat(param.path("required").asBoolean()).isTrue();
                          declared.add(param.path("name").asString());
                        }
                      }
                      Set<String> inTemplate = new TreeSet<>();
                      Matcher m = templ.matcher(path);
                      while (m.find()) {
                        inTemplate.add(m.group(1));
                      }
                      assertThat(declared).as("%s path parameters", where).isEqualTo(inTemplate);
                      // security
                      if (PUBLIC_PATHS.contains(path)
                          || SHARE_PUBLIC_PATHS.contains(path)
                          || (method.equals("options") && path.equals("/api/store/asset/tus/"))) {
                        assertThat(op.path("security").isArray() && op.path("security").isEmpty())
                            .as("%s needs no credentials", where)
                            .isTrue();
                        assertThat(op.has("x-required-scope")).isFalse();
                      } else if (SHARE_ACCESS_PATHS.contains(path)) {
                        assertThat(op.has("x-required-scope")).as(where).isFalse();
                        assertThat(op.path("security").toString())
                            .as(where)
                            .isEqualTo("[{\"ShareAccessToken\":[]}]");
                        assertThat(op.path("description").asString())
                            .contains("share access token");
                        assertThat(op.path("responses").has("401")).as(where).isTrue();
                        assertThat(op.path("responses").has("410")).as(where).isTrue();
                      } else {
                        String scope = op.path("x-required-scope").asString();
                        assertThat(scope)
                            .as(where)
                            .isIn(
                                "store:read",
                                "store:write",
                                "store:share",
                                "apikeys:read",
                                "apikeys:write",
                                "users:read",
                                "users:write",
                                "admin");
                        assertThat(op.path("description").asString()).contains("`" + scope + "`");
                        assertThat(op.path("security").toString())
                            .isEqualTo("[{\"OAuth2PasswordBearer\":[]},{\"APIKeyHeader\":[]}]");
                        assertThat(op.path("responses").has("401")).as(where).isTrue();
                        assertThat(op.path("responses").has("403")).as(where).isTrue();
                      }
                    }));

    // every schema compiles as JSON Schema 2020-12; record schemas are closed (request bodies are
    // not: the server ignores fields it does not know)
    doc.path("components")
        .path("schemas")
        .forEachEntry(
            (name, s) -> {
              schema("/components/schemas/" + name);
              if (s.has("required")
                  && s.path("type").asString().equals("object")
                  && !name.startsWith("Body_")
                  && !name.matches("[A-Za-z]+Write(Create|Replace|Update)|Share[A-Za-z]+Request")) {
                assertThat(
                        s.path("additionalProperties").isBoolean()
                            && !s.path("additionalProperties").asBoolean())
                    .as("%s is closed", name)
                    .isTrue();
              }
            });
    for (String name :
        List.of(
            "AssetRead",
            "FolderRead",
            "FolderReadNested",
            "FolderInDbCursorPage",
            "FolderWriteCreate",
            "FolderWriteReplace",
            "FolderWriteUpdate",
            "StoreRoot",
            "ActorRef",
            "AssetInDbCursorPage",
            "ApiKeyRead",
            "ApiKeyReadCreate",
            "ApiKeyInDbCursorPage",
            "FilterMetadata",
            "HTTPError",
            "HTTPValidationError",
            "ValidationError",
            "Health",
            "Ready",
            "AssetWriteReplace",
            "AssetWriteUpdate",
            "Body_Assets-Upload_Asset",
            "ApiKeyWriteCreate",
            "UserRead",
            "UserInDbCursorPage",
            "UserWriteCreate",
            "UserWriteUpdate",
            "LoginResponse",
            "Body_Authentication-Login")) {
      assertThat(doc.path("components").path("schemas").has(name)).as(name).isTrue();
    }
    for (String name : List.of("AssetRead", "FolderRead", "FolderReadNested", "StoreRoot")) {
      JsonNode record = doc.at("/components/schemas/" + name);
      assertThat(record.path("additionalProperties").asBoolean(true)).as(name).isFalse();
      assertThat(record.path("required").size())
          .as("%s: every field is always present", name)
          .isEqualTo(record.path("properties").size());
    }
  }

  /** A router path as the document writes it, without a trailing slash. */
  private static String documentedForm(String routerPath) {
    String p = routerPath.replaceAll(":([A-Za-z_]+)", "{$1}");
    if (p.endsWith("/*")) {
      p = p.substring(0, p.length() - 1) + "{file}";
    }
    return withoutSlash(p);
  }

  private static String withoutSlash(String p) {
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  /** The live wildcard route ("method /prefix/{file}") answering {@code key}, if any. */
  private static String wildcard(Map<String, String> live, String key) {
    for (String k : live.keySet()) {
      if (k.endsWith("/{file}") && key.startsWith(k.substring(0, k.length() - "{file}".length()))) {
        return k;
      }
    }
    return null;
  }

  /** Whether a document path (with {x} segments) names this concrete path. */
  private static boolean templateMatches(String template, String path) {
    String[] t = template.split("/", -1);
    String[] p = path.split("/", -1);
    if (t.length != p.length) {
      return false;
    }
    for (int i = 0; i < t.length; i++) {
      if (!(t[i].startsWith("{") && t[i].endsWith("}")) && !t[i].equals(p[i])) {
        return false;
      }
    }
    return true;
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedPathIsRouted() {
    // The live route table: "method path" → the operation id the router names the route with.
    Map<String, String> live = new TreeMap<>();
    for (ApiRouter.Operation o : server.server().routes()) {
      live.put(o.method().toLowerCase(Locale.ROOT) + " " + documentedForm(o.path()), o.id());
    }
    assertThat(UNDOCUMENTED_PAGES).noneMatch(k -> k.contains(" /api/"));
    Set<String> documented = new TreeSet<>();
    Map<String, String> documentedIds = new TreeMap<>();
    doc.path("paths")
        .forEachEntry(
            (path, item) ->
                item.forEachEntry(
                    (method, op) -> {
                      String key = method + " " + path;
                      documented.add(key);
                      String routeId =
                          op.has("x-route-operation")
                              ? op.path("x-route-operation").asString()
                              : op.path("operationId").asString();
                      String liveKey = method + " " + withoutSlash(path);
                      documentedIds.put(liveKey, routeId);
                      // A documented deep link (/app/folder/{id}) may be answered by a
                      // wildcard route (/app/*, here "/app/{file}") with the same operation.
                      String liveRoute =
                          live.containsKey(liveKey) ? liveKey : wildcard(live, liveKey);
                      assertThat(liveRoute)
                          .as("the live router has the documented %s", key)
                          .isNotNull();
                      assertThat(live.get(liveRoute))
                          .as("router operation of %s", key)
                          .isEqualTo(routeId);
                    }));
    // Every live route is documented, as itself or under a documented template (/docs/{file}
    // covers /docs/docs-init.js) with the same operation, or is a page listed above.
    List<String> undocumented = new ArrayList<>();
    live.forEach(
        (key, id) -> {
          if (UNDOCUMENTED_PAGES.contains(key) || documentedIds.containsKey(key)) {
            return;
          }
          String method = key.substring(0, key.indexOf(' '));
          String path = key.substring(key.indexOf(' ') + 1);
          boolean covered =
              documentedIds.entrySet().stream()
                  .anyMatch(
                      d ->
                          d.getKey().startsWith(method + " ")
                              && d.getValue().equals(id)
                              && templateMatches(
                                  d.getKey().substring(d.getKey().indexOf(' ') + 1), path));
          // A wildcard route (/app/*) is described by the documented paths it answers.
          if (key.endsWith("/{file}")) {
            String prefix = key.substring(0, key.length() - "{file}".length());
            covered |=
                documentedIds.entrySet().stream()
                    .anyMatch(d -> d.getKey().startsWith(prefix) && d.getValue().equals(id));
          }
          if (!covered) {
            undocumented.add(key + " (" + id + ")");
          }
        });
    assertThat(undocumented).as("live routes the document does not describe").isEmpty();

    // The live router knows every documented path: nothing answers its own "Not Found" / 405.
    H admin = new H(server.http);
    Resp unknown = admin.get("/api/store/nothing-here");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.text()).isEqualTo("{\"detail\":\"Not Found\"}");
    for (String key : documented) {
      String method = key.substring(0, key.indexOf(' ')).toUpperCase(Locale.ROOT);
      String path =
          key.substring(key.indexOf(' ') + 1)
              .replace("{id}", UUID.randomUUID().toString())
              .replace("{file}", "docs-init.js")
              .replace("{token}", "probe-token");
      BodyPublisher body =
          method.equals("PUT") || method.equals("PATCH") || method.equals("POST")
              ? BodyPublishers.ofString("{}")
              : BodyPublishers.noBody();
      for (String spelling : spellings(path)) {
        Resp r =
            spelling.endsWith("/upload")
                ? admin.upload("probe.txt", new byte[1])
                : admin.send(method, spelling, body, "Content-Type", "application/json");
        assertThat(r.status()).as("%s %s is routed", method, spelling).isNotEqualTo(405);
        if (r.status() == 404) {
          assertThat(r.text())
              .as("%s %s is routed", method, spelling)
              .isNotEqualTo("{\"detail\":\"Not Found\"}");
          if (method.equals("HEAD")) {
            // A HEAD 404 has no body to tell the router's from a handler's; without credentials
            // a routed path answers its authentication's 401, an unrouted one still 404.
            assertThat(admin.as(null).head(spelling).status())
                .as("%s %s is routed", method, spelling)
                .isEqualTo(401);
          }
        }
      }
    }
  }

  /** A collection path answers with and without its trailing slash. */
  private static List<String> spellings(String path) {
    if (path.endsWith("/") && path.length() > 1) {
      return List.of(path, path.substring(0, path.length() - 1));
    }
    return List.of(path);
  }

  // ---------------------------------------------------------------- real exchanges

  @Test
  void everyOperationAnswersAsDocumented() throws Exception {
    H admin = new H(server.http);
    H anon = admin.as(null);
    H bogus = admin.as("sla_live_not-a-real-key-000000000000000000000000");
    H nobody = admin.as(admin.createKey("users:read"));
    String missing = UUID.randomUUID().toString();

    // ops
    check("get", "/health", anon.get("/health"));
    check("get", "/ready", anon.get("/ready"));
    check("get", "/metrics", anon.get("/metrics"));
    check("get", "/api/openapi.json", anon.get("/api/openapi.json"));
    check("get", "/docs", anon.get("/docs"));
    check("get", "/docs/{file}", anon.get("/docs/docs-init.js"));
    check("get", "/docs/{file}", anon.get("/docs/swagger-ui.css"));
    check("get", "/docs/{file}", anon.get("/docs/no-such-file.js"));

    // upload
    String a =
        id(
            check(
                "post",
                "/api/store/asset/upload",
                admin.upload(
                    "",
                    "hello.txt",
                    "text/plain",
                    "hello world".getBytes(),
                    Map.of(
                        "description", "greeting",
                        "tags", "[\"x\",\"y\"]",
                        "metadata", "{\"k\":{\"n\":1}}"),
                    Map.of("Repr-Digest", digest("hello world".getBytes()))),
                201));
    String b =
        id(check("post", "/api/store/asset/upload", admin.upload("other.bin", new byte[3]), 201));
    check("post", "/api/store/asset/upload", admin.upload("", "hello.txt", new byte[1], Map.of()));
    check(
        "post",
        "/api/store/asset/upload",
        admin.upload("?on_conflict=error", "hello.txt", new byte[1], Map.of()),
        409);
    check(
        "post",
        "/api/store/asset/upload",
        admin.upload("?folder=" + missing, "f.txt", new byte[1], Map.of()),
        404);
    check(
        "post",
        "/api/store/asset/upload",
        admin.upload("?on_conflict=maybe", "f.txt", new byte[1], Map.of()),
        422);
    check(
        "post",
        "/api/store/asset/upload",
        admin.upload(
            "",
            "f.txt",
            "text/plain",
            "abc".getBytes(),
            Map.of(),
            Map.of("Repr-Digest", digest("xyz".getBytes()))),
        422);
    check(
        "post",
        "/api/store/asset/upload",
        admin.raw(
            "POST",
            "/api/store/asset/upload",
            "multipart/form-data; boundary=XYZ",
            "--XYZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nn\r\n--XYZ--\r\n"),
        422);
    check("post", "/api/store/asset/upload", anon.upload("f.txt", new byte[1]), 401);
    check("post", "/api/store/asset/upload", bogus.upload("f.txt", new byte[1]), 401);
    check("post", "/api/store/asset/upload", nobody.upload("f.txt", new byte[1]), 403);
    check(
        "post",
        "/api/store/asset/upload",
        new H(small.http).upload("big.bin", new byte[5000]),
        413);

    // list
    check("get", "/api/store/asset/", admin.get("/api/store/asset/"), 200);
    check("get", "/api/store/asset/", admin.get("/api/store/asset"), 200);
    JsonNode page =
        check(
            "get",
            "/api/store/asset/",
            admin.get("/api/store/asset/?limit=1&hydrate=false&include_total=false"),
            200);
    assertThat(page.path("next_cursor").isString()).isTrue();
    check(
        "get",
        "/api/store/asset/",
        admin.get(
            "/api/store/asset/?limit=1&hydrate=false&include_total=false&cursor="
                + enc(page.path("next_cursor").asString())),
        200);
    check(
        "get",
        "/api/store/asset/",
        admin.get("/api/store/asset/?q=hello&tags=x&size__gte=1&name__in=hello.txt,other.bin"),
        200);
    check("get", "/api/store/asset/", admin.get("/api/store/asset/?limit=0&colour=red"), 422);
    check("get", "/api/store/asset/", admin.get("/api/store/asset/?cursor=garbage"), 422);
    check("get", "/api/store/asset/", anon.get("/api/store/asset/"), 401);
    check("get", "/api/store/asset/", nobody.get("/api/store/asset/"), 403);

    // filters
    check("get", "/api/store/asset/filters", admin.get("/api/store/asset/filters"), 200);
    check("get", "/api/store/asset/filters", anon.get("/api/store/asset/filters"), 401);
    check("get", "/api/store/asset/filters", nobody.get("/api/store/asset/filters"), 403);

    // get
    String p = "/api/store/asset/{id}";
    JsonNode hydrated = check("get", p, admin.get("/api/store/asset/" + a), 200);
    assertThat(hydrated.path("created_by").isObject()).isTrue();
    JsonNode flat = check("get", p, admin.get("/api/store/asset/" + a + "?hydrate=false"), 200);
    assertThat(flat.path("created_by").isString()).isTrue();
    check("get", p, admin.get("/api/store/asset/" + missing), 404);
    check("get", p, admin.get("/api/store/asset/not-an-id"), 404);
    check("get", p, admin.get("/api/store/asset/" + a + "?hydrate=perhaps"), 422);
    check("get", p, anon.get("/api/store/asset/" + a), 401);
    check("get", p, nobody.get("/api/store/asset/" + a), 403);

    // shares
    String sp = "/api/store/asset/{id}/shares";
    check("get", sp, admin.get("/api/store/asset/" + a + "/shares"), 200);
    check("get", sp, admin.get("/api/store/asset/" + missing + "/shares"), 404);
    check("get", sp, anon.get("/api/store/asset/" + a + "/shares"), 401);
    check("get", sp, nobody.get("/api/store/asset/" + a + "/shares"), 403);

    // replace and patch
    String big = "{\"name\":\"" + "x".repeat((int) ApiRouter.JSON_BODY_LIMIT + 10) + "\"}";
    for (String method : List.of("PUT", "PATCH")) {
      String m = method.toLowerCase(Locale.ROOT);
      check(
          m,
          p,
          admin.json(
              method, "/api/store/asset/" + a, Map.of("name", "renamed.txt", "tags", List.of("t"))),
          200);
      check(m, p, admin.json(method, "/api/store/asset/" + missing, Map.of("name", "z")), 404);
      check(
          m,
          p,
          admin.json(method, "/api/store/asset/" + a, Map.of("name", "q", "folder", missing)),
          404);
      check(m, p, admin.json(method, "/api/store/asset/" + a, Map.of("name", "other.bin")), 409);
      check(m, p, admin.json(method, "/api/store/asset/" + a, big), 413);
      check(m, p, admin.raw(method, "/api/store/asset/" + a, "text/plain", "name=x"), 415);
      check(m, p, admin.json(method, "/api/store/asset/" + a, "{\"name\": null}"), 422);
      check(m, p, admin.json(method, "/api/store/asset/" + a, "{not json"), 422);
      check(m, p, anon.json(method, "/api/store/asset/" + a, Map.of("name", "z")), 401);
      check(m, p, nobody.json(method, "/api/store/asset/" + a, Map.of("name", "z")), 403);
    }

    // download (GET and HEAD)
    String d = "/api/store/asset/download";
    Resp whole = admin.get(d + "?id=" + a);
    check("get", d, whole, 200);
    assertThat(whole.text()).isEqualTo("hello world");
    String etag = whole.header("ETag");
    String lastModified = whole.header("Last-Modified");
    check("get", d, admin.get(d + "?id=" + a + "&inline=true"), 200);
    Resp zip = admin.get(d + "?id=" + a + "&id=" + b);
    check("get", d, zip, 200);
    assertThat(zip.header("Content-Type")).isEqualTo("application/zip");
    check("get", d, admin.get(d + "?id=" + a, "Range", "bytes=0-4"), 206);
    check("get", d, admin.get(d + "?id=" + a, "If-None-Match", etag), 304);
    check("get", d, admin.get(d + "?id=" + a, "If-Modified-Since", lastModified), 304);
    check("get", d, admin.get(d + "?id=" + a, "Range", "bytes=100-200"), 416);
    check("get", d, admin.get(d + "?id=" + missing), 404);
    check("get", d, admin.get(d), 422);
    check("get", d, anon.get(d + "?id=" + a), 401);
    check("get", d, nobody.get(d + "?id=" + a), 403);
    check("head", d, admin.head(d + "?id=" + a), 200);
    check("head", d, admin.head(d + "?id=" + a + "&id=" + b), 200);
    check("head", d, admin.head(d + "?id=" + a, "Range", "bytes=-3"), 206);
    check("head", d, admin.head(d + "?id=" + a, "If-None-Match", etag), 304);
    check("head", d, admin.head(d + "?id=" + a, "Range", "bytes=100-200"), 416);
    check("head", d, admin.head(d + "?id=" + missing), 404);
    check("head", d, admin.head(d), 422);
    check("head", d, anon.head(d + "?id=" + a), 401);
    check("head", d, nobody.head(d + "?id=" + a), 403);

    // delete
    check("delete", p, anon.delete("/api/store/asset/" + b), 401);
    check("delete", p, nobody.delete("/api/store/asset/" + b), 403);
    check("delete", p, admin.delete("/api/store/asset/" + b), 204);
    check("delete", p, admin.delete("/api/store/asset/" + b), 404);

    // preview (GET and HEAD; issue 17)
    String pv = "/api/store/asset/{id}/preview";
    String img =
        id(
            check(
                "post",
                "/api/store/asset/upload",
                admin.upload("", "pic.png", "image/png", png(), Map.of(), Map.of()),
                201));
    String broken =
        id(
            check(
                "post",
                "/api/store/asset/upload",
                admin.upload(
                    "", "broken.png", "image/png", "no png".getBytes(), Map.of(), Map.of()),
                201));
    String ip = "/api/store/asset/" + img + "/preview";
    Resp pic = admin.get(ip + "?w=32&h=32&fit=cover&format=png");
    check("get", pv, pic, 200);
    check(
        "get",
        pv,
        admin.get(ip + "?w=32&h=32&fit=cover&format=png", "If-None-Match", pic.header("ETag")),
        304);
    check("get", pv, admin.get("/api/store/asset/" + a + "/preview"), 404); // text: no preview
    check("get", pv, admin.get("/api/store/asset/" + missing + "/preview"), 404);
    check("get", pv, admin.get(ip + "?w=1&fit=fill"), 422);
    check("get", pv, admin.get("/api/store/asset/" + broken + "/preview"), 422);
    check("get", pv, anon.get(ip), 401);
    check("get", pv, nobody.get(ip), 403);
    check("head", pv, admin.head(ip), 200);
    check(
        "head",
        pv,
        admin.head(ip + "?w=32&h=32&fit=cover&format=png", "If-None-Match", pic.header("ETag")),
        304);
    check("head", pv, admin.head("/api/store/asset/" + missing + "/preview"), 404);
    check("head", pv, admin.head(ip + "?h=4096"), 422);
    check("head", pv, anon.head(ip), 401);
    check("head", pv, nobody.head(ip), 403);
    check("delete", p, admin.delete("/api/store/asset/" + img), 204);
    check("delete", p, admin.delete("/api/store/asset/" + broken), 204);

    // API keys
    String k = "/api/admin/api-keys/";
    JsonNode created =
        check(
            "post",
            k,
            admin.json(
                "POST",
                k,
                Map.of(
                    "label", "conformance",
                    "scopes", List.of("apikeys:write", "store:read"),
                    "expires", "2999-01-01T00:00:00Z")),
            201);
    String keyId = created.path("id").asString();
    check(
        "post",
        k,
        admin.json("POST", "/api/admin/api-keys", Map.of("label", "no slash", "scopes", List.of())),
        201);
    H writer = admin.as(created.path("key").asString());
    check("post", k, writer.json("POST", k, Map.of("label", "x", "scopes", List.of("admin"))), 403);
    check("post", k, nobody.json("POST", k, Map.of("label", "x", "scopes", List.of())), 403);
    check("post", k, anon.json("POST", k, Map.of("label", "x", "scopes", List.of())), 401);
    check("post", k, admin.json("POST", k, Map.of("label", "", "scopes", List.of("root"))), 422);
    check("post", k, admin.json("POST", k, "[]"), 422);
    check("post", k, admin.json("POST", k, big), 413);
    check("post", k, admin.raw("POST", k, "text/plain", "label=x"), 415);

    check("get", k, admin.get(k), 200);
    check("get", k, admin.get("/api/admin/api-keys?limit=2&sort_by=label&sort_order=asc"), 200);
    check("get", k, admin.get(k + "?scopes=admin&expires__isnull=true&label__icontains=A"), 200);
    check("get", k, admin.get(k + "?sort_by=key"), 422);
    check("get", k, anon.get(k), 401);
    check("get", k, nobody.get(k), 403);
    check("get", k, writer.get(k), 403);

    String kf = "/api/admin/api-keys/filters";
    check("get", kf, admin.get(kf), 200);
    check("get", kf, anon.get(kf), 401);
    check("get", kf, nobody.get(kf), 403);

    String ki = "/api/admin/api-keys/{id}";
    check("get", ki, admin.get(k + keyId), 200);
    check("get", ki, admin.get(k + missing), 404);
    check("get", ki, anon.get(k + keyId), 401);
    check("get", ki, nobody.get(k + keyId), 403);
    check("delete", ki, anon.delete(k + keyId), 401);
    check("delete", ki, nobody.delete(k + keyId), 403);
    check("delete", ki, admin.delete(k + keyId), 204);
    check("delete", ki, admin.delete(k + keyId), 404);
    check("get", k, writer.get(k), 401); // the deleted key stops working at once

    foldersAndResolver(admin, anon, nobody, missing, big);
    accounts(admin, anon, missing, big);
    resumable(admin, anon, nobody, missing);
    interimResponses();

    // Every declared status of every operation was seen (except the few a healthy server
    // cannot be made to answer), so the document declares nothing the server never does.
    List<String> unseen = new ArrayList<>();
    doc.path("paths")
        .forEachEntry(
            (path, item) ->
                item.forEachEntry(
                    (method, op) ->
                        op.path("responses")
                            .forEachEntry(
                                (status, r) -> {
                                  String id = op.path("operationId").asString();
                                  String key = id + " " + status;
                                  if (!exercised.contains(key)
                                      && !id.startsWith("share.") // see shareExchanges
                                      && !UNPROVOKED.contains(status)
                                      && !UNPROVOKED.contains(key)) {
                                    unseen.add(key);
                                  }
                                })));
    assertThat(unseen).as("declared but never exercised").isEmpty();
  }

  /** Resumable uploads, both dialects (API.md §10, issue 16). */
  /**
   * The IETF draft's 104 interim responses, read off a raw connection (the JDK's HttpClient skips
   * every 1xx): the creation's announcement and an append's progress, each against its declared
   * headers.
   */
  private static void interimResponses() throws Exception {
    String c = "/api/store/asset/tus/";
    try (java.net.Socket s =
        new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(20_000);
      var out = s.getOutputStream();
      var in = new java.io.BufferedInputStream(s.getInputStream());
      out.write(
          RawInterim.request(
              "POST",
              c + "?name=interim.txt",
              TestServer.ADMIN_KEY,
              "Upload-Draft-Interop-Version: 9",
              "Upload-Complete: ?0",
              "Upload-Length: 4",
              "Content-Type: application/partial-upload",
              "Content-Length: 2"));
      out.write("ab".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      RawInterim.Head announced = RawInterim.readHead(in);
      interim("post", c, announced, "Location", "Upload-Limit", "Upload-Draft-Interop-Version");
      RawInterim.Head h;
      while ((h = RawInterim.readHead(in)).status() == 104) {
        // progress of the creation's body
      }
      in.readNBytes(Integer.parseInt(h.headers().getOrDefault("content-length", "0")));
      out.write(
          RawInterim.request(
              "PATCH",
              announced.header("Location"),
              TestServer.ADMIN_KEY,
              "Upload-Draft-Interop-Version: 9",
              "Upload-Complete: ?0",
              "Upload-Offset: 2",
              "Content-Type: application/partial-upload",
              "Content-Length: 1"));
      out.write("c".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      interim(
          "patch",
          c + "{id}",
          RawInterim.readHead(in),
          "Upload-Offset",
          "Upload-Draft-Interop-Version");
    }
  }

  private static void interim(String method, String path, RawInterim.Head h, String... present) {
    JsonNode op = doc.path("paths").path(path).path(method);
    assertThat(h.status()).as("%s %s interim status", method, path).isEqualTo(104);
    JsonNode declared = op.path("responses").path("104");
    assertThat(declared.isMissingNode()).as("%s %s declares 104", method, path).isFalse();
    for (String name : present) {
      assertThat(declared.path("headers").has(name)).as("104 declares %s", name).isTrue();
      assertThat(h.header(name)).as("%s %s 104 carries %s", method, path, name).isNotNull();
    }
    exercised.add(op.path("operationId").asString() + " 104");
  }

  private static void resumable(H admin, H anon, H nobody, String missing) {
    String c = "/api/store/asset/tus/";
    String one = "/api/store/asset/tus/{id}";
    String tus = "Tus-Resumable";
    String v = "1.0.0";
    String meta = "filename " + Base64.getEncoder().encodeToString("tus.bin".getBytes());
    String octets = "application/offset+octet-stream";
    check("options", c, anon.send("OPTIONS", c, BodyPublishers.noBody()), 204);
    // A tus creation\'s 201 has no body (the IETF completing one below is checked against the
    // document\'s AssetRead).
    Resp created =
        admin.send(
            "POST",
            c,
            BodyPublishers.noBody(),
            tus,
            v,
            "Upload-Length",
            "4",
            "Upload-Metadata",
            meta);
    assertThat(created.status()).isEqualTo(201);
    String u = created.header("Location");
    check(
        "post",
        c,
        admin.send("POST", c, BodyPublishers.noBody(), tus, v, "Upload-Length", "x"),
        400);
    check("post", c, anon.send("POST", c, BodyPublishers.noBody(), tus, v), 401);
    check("post", c, nobody.send("POST", c, BodyPublishers.noBody(), tus, v), 403);
    check(
        "post",
        c,
        admin.send(
            "POST",
            c,
            BodyPublishers.noBody(),
            tus,
            v,
            "Upload-Length",
            "4",
            "Upload-Metadata",
            meta + ",folder " + Base64.getEncoder().encodeToString(missing.getBytes())),
        404);
    check("post", c, admin.send("POST", c, BodyPublishers.noBody(), "Upload-Length", "4"), 412);
    check(
        "post",
        c,
        admin.send(
            "POST", c, BodyPublishers.noBody(), tus, v, "Upload-Length", "99999999999999999"),
        413);
    check(
        "post",
        c,
        admin.send(
            "POST",
            c,
            BodyPublishers.ofString("abcd"),
            tus,
            v,
            "Upload-Length",
            "4",
            "Content-Type",
            "text/plain"),
        415);
    check(
        "post",
        c,
        admin.send("POST", c, BodyPublishers.noBody(), tus, v, "Upload-Length", "4"),
        422);
    check(
        "post",
        c,
        admin.send(
            "POST",
            c + "?name=whole.txt",
            BodyPublishers.ofString("whole"),
            "Upload-Draft-Interop-Version",
            "9",
            "Upload-Complete",
            "?1"),
        201);

    check("head", one, admin.head(u, tus, v), 200);
    check("head", one, anon.head(u, tus, v), 401);
    check("head", one, nobody.head(u, tus, v), 403);
    check("head", one, admin.head(c + missing, tus, v), 404);
    check("head", one, admin.head(u), 412);

    String[] piece = {tus, v, "Content-Type", octets, "Upload-Offset"};
    check(
        "patch", one, admin.send("PATCH", u, BodyPublishers.ofString("ab"), with(piece, "x")), 400);
    check(
        "patch", one, anon.send("PATCH", u, BodyPublishers.ofString("ab"), with(piece, "0")), 401);
    check(
        "patch",
        one,
        nobody.send("PATCH", u, BodyPublishers.ofString("ab"), with(piece, "0")),
        403);
    check(
        "patch",
        one,
        admin.send("PATCH", c + missing, BodyPublishers.ofString("ab"), with(piece, "0")),
        404);
    check(
        "patch", one, admin.send("PATCH", u, BodyPublishers.ofString("ab"), with(piece, "1")), 409);
    check(
        "patch",
        one,
        admin.send(
            "PATCH",
            u,
            BodyPublishers.ofString("ab"),
            "Upload-Offset",
            "0",
            "Content-Type",
            octets),
        412);
    check(
        "patch",
        one,
        admin.send("PATCH", u, BodyPublishers.ofString("abcde"), with(piece, "0")),
        413);
    check(
        "patch",
        one,
        admin.send(
            "PATCH",
            u,
            BodyPublishers.ofString("ab"),
            tus,
            v,
            "Upload-Offset",
            "0",
            "Content-Type",
            "text/plain"),
        415);
    check(
        "patch",
        one,
        admin.send(
            "PATCH",
            u,
            BodyPublishers.ofString("ab"),
            with(with(with(piece, "0"), "Upload-Checksum"), "sha1 " + sha1b64("xx"))),
        460);
    check(
        "patch", one, admin.send("PATCH", u, BodyPublishers.ofString("ab"), with(piece, "0")), 204);
    check(
        "post",
        one,
        admin.send(
            "POST",
            u,
            BodyPublishers.ofString("cd"),
            with(with(with(piece, "2"), "X-HTTP-Method-Override"), "PATCH")),
        204);
    check("post", one, anon.send("POST", u, BodyPublishers.ofString("cd")), 401);
    check("post", one, admin.send("POST", u, BodyPublishers.ofString("cd")), 400);
    check(
        "post",
        one,
        nobody.send("POST", u, BodyPublishers.ofString("cd"), "X-HTTP-Method-Override", "PATCH"),
        403);
    check("get", one, admin.get(u), 200);
    check("get", one, anon.get(u), 401);
    check("get", one, nobody.get(u), 403);
    check("get", one, admin.get(c + missing), 404);

    Resp ietf =
        admin.send(
            "POST",
            c + "?name=ietf.txt",
            BodyPublishers.noBody(),
            "Upload-Draft-Interop-Version",
            "9",
            "Upload-Complete",
            "?0",
            "Upload-Length",
            "3");
    String iu = ietf.header("Location");
    check(
        "patch",
        one,
        admin.send(
            "PATCH",
            iu,
            BodyPublishers.ofString("xyz"),
            "Upload-Draft-Interop-Version",
            "9",
            "Upload-Complete",
            "?1",
            "Upload-Offset",
            "0",
            "Content-Type",
            "application/partial-upload"),
        201);

    Resp doomed =
        admin.send(
            "POST",
            c,
            BodyPublishers.noBody(),
            tus,
            v,
            "Upload-Length",
            "4",
            "Upload-Metadata",
            meta);
    String du = doomed.header("Location");
    check("delete", one, anon.delete(du), 401);
    check("delete", one, nobody.delete(du), 403);
    check("delete", one, admin.send("DELETE", du, BodyPublishers.noBody(), tus, v), 204);
    check("delete", one, admin.send("DELETE", du, BodyPublishers.noBody(), tus, v), 404);
  }

  private static String[] with(String[] headers, String value) {
    String[] out = Arrays.copyOf(headers, headers.length + 1);
    out[headers.length] = value;
    return out;
  }

  private static String sha1b64(String s) {
    try {
      return Base64.getEncoder()
          .encodeToString(java.security.MessageDigest.getInstance("SHA-1").digest(s.getBytes()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Login, refresh and the users admin API (API.md §2, issue 5). */
  private static void accounts(H admin, H anon, String missing, String big) {
    String login = "/api/login/access-token";
    String form = "application/x-www-form-urlencoded";
    String name = "conf-" + UUID.randomUUID();
    String u = "/api/admin/users/";
    H reader = admin.as(admin.createKey("users:read"));
    H outsider = admin.as(admin.createKey("store:read"));
    H writer = admin.as(admin.createKey("users:write"));

    JsonNode user =
        check(
            "post",
            u,
            admin.json(
                "POST",
                u,
                Map.of(
                    "username",
                    name,
                    "password",
                    "conformance pw",
                    "email",
                    "conf@example.com",
                    "scopes",
                    List.of("store:read", "users:read"))),
            201);
    String id = user.path("id").asString();
    check(
        "post",
        u,
        admin.json(
            "POST",
            "/api/admin/users",
            Map.of("username", name + "-2", "password", "conformance pw", "scopes", List.of())),
        201);
    check(
        "post",
        u,
        admin.json(
            "POST", u, Map.of("username", name, "password", "conformance pw", "scopes", List.of())),
        409);
    check(
        "post",
        u,
        writer.json(
            "POST",
            u,
            Map.of(
                "username", name + "-3", "password", "conformance pw", "scopes", List.of("admin"))),
        403);
    check("post", u, reader.json("POST", u, Map.of()), 403);
    check("post", u, anon.json("POST", u, Map.of()), 401);
    check("post", u, admin.json("POST", u, Map.of("username", "", "scopes", List.of("root"))), 422);
    check("post", u, admin.json("POST", u, big), 413);
    check("post", u, admin.raw("POST", u, "text/plain", "username=x"), 415);

    check("get", u, admin.get(u), 200);
    check(
        "get", u, reader.get("/api/admin/users?limit=1&sort_by=username&include_total=false"), 200);
    check(
        "get",
        u,
        admin.get(u + "?scopes=users:read&disabled=false&email__isnull=false&q=conf"),
        200);
    check("get", u, admin.get(u + "?password=x"), 422);
    check("get", u, anon.get(u), 401);
    check("get", u, outsider.get(u), 403);

    String uf = "/api/admin/users/filters";
    check("get", uf, admin.get(uf), 200);
    check("get", uf, anon.get(uf), 401);
    check("get", uf, outsider.get(uf), 403);

    String ui = "/api/admin/users/{id}";
    check("get", ui, admin.get(u + id), 200);
    check("get", ui, admin.get(u + missing), 404);
    check("get", ui, anon.get(u + id), 401);
    check("get", ui, outsider.get(u + id), 403);
    check("patch", ui, admin.json("PATCH", u + id, Map.of("email", "new@example.com")), 200);
    check("patch", ui, admin.json("PATCH", u + missing, Map.of("email", "x@y.z")), 404);
    check("patch", ui, admin.json("PATCH", u + id, Map.of("username", name + "-2")), 409);
    check("patch", ui, admin.json("PATCH", u + id, Map.of("password", "short")), 422);
    check("patch", ui, admin.json("PATCH", u + id, big), 413);
    check("patch", ui, admin.raw("PATCH", u + id, "text/plain", "email=x"), 415);
    check("patch", ui, writer.json("PATCH", u + id, Map.of("email", "w@example.com")), 403);
    check("patch", ui, anon.json("PATCH", u + id, Map.of()), 401);

    // login and refresh
    check(
        "post", login, anon.raw("POST", login, form, "username=" + name + "&password=wrong"), 401);
    JsonNode token =
        check(
            "post",
            login,
            anon.raw("POST", login, form, "username=" + name + "&password=conformance+pw"),
            200);
    assertThat(token.path("token_type").asString()).isEqualTo("bearer");
    check("post", login, anon.json("POST", login, Map.of("username", name)), 422);
    check("post", login, anon.raw("POST", login, form, "username=a&password=b&grant_type=x"), 422);
    check("post", login, anon.raw("POST", login, form, "username=a%zz&password=b"), 400);
    check(
        "post",
        login,
        anon.raw("POST", login, form, "username=a&password=" + "x".repeat(70 * 1024)),
        413);
    String locked = "locked-" + UUID.randomUUID();
    for (int i = 0; i < 5; i++) {
      check(
          "post", login, anon.raw("POST", login, form, "username=" + locked + "&password=x"), 401);
    }
    check("post", login, anon.raw("POST", login, form, "username=" + locked + "&password=x"), 429);

    String refresh = "/api/login/refresh-token";
    Resp first = anon.raw("POST", login, form, "username=" + name + "&password=conformance+pw");
    String cookie = first.header("Set-Cookie").split(";", 2)[0];
    check(
        "post",
        refresh,
        anon.send("POST", refresh, BodyPublishers.noBody(), "Cookie", cookie),
        200);
    check(
        "post",
        refresh,
        anon.send("POST", refresh, BodyPublishers.noBody(), "Cookie", cookie),
        401);
    check("post", refresh, anon.send("POST", refresh, BodyPublishers.noBody()), 401);
    String logout = "/api/login/logout";
    Resp again = anon.raw("POST", login, form, "username=" + name + "&password=conformance+pw");
    String cookie2 = again.header("Set-Cookie").split(";", 2)[0];
    check(
        "post", logout, anon.send("POST", logout, BodyPublishers.noBody(), "Cookie", cookie2), 204);
    check(
        "post",
        refresh,
        anon.send("POST", refresh, BodyPublishers.noBody(), "Cookie", cookie2),
        401);
    check("post", logout, anon.send("POST", logout, BodyPublishers.noBody()), 204);

    check("delete", ui, anon.delete(u + id), 401);
    check("delete", ui, reader.delete(u + id), 403);
    check("delete", ui, admin.delete(u + id), 204);
    check("delete", ui, admin.delete(u + id), 404);
  }

  /** Folders (API.md §6) and the store URL resolver (§7), with assets placed in folders. */
  private static void foldersAndResolver(H admin, H anon, H nobody, String missing, String big)
      throws Exception {
    // create
    String fl = "/api/store/folder/";
    Resp made = admin.json("POST", fl, Map.of("name", "Marketing", "description", "team"));
    JsonNode marketing = check("post", fl, made, 201);
    String f1 = id(marketing);
    assertThat(made.header("Location")).isEqualTo("/api/store/folder/" + f1);
    assertThat(marketing.path("parent").isNull()).isTrue();
    assertThat(marketing.path("path").asString()).isEqualTo("/Marketing");
    assertThat(marketing.path("created_by").isObject()).isTrue();
    JsonNode y2026 =
        check(
            "post",
            fl,
            admin.json("POST", "/api/store/folder", Map.of("name", "2026", "parent", f1)),
            201);
    String f2 = id(y2026);
    assertThat(y2026.path("parent").path("id").asString()).isEqualTo(f1);
    assertThat(y2026.path("path").asString()).isEqualTo("/Marketing/2026");
    String f3 = id(check("post", fl, admin.json("POST", fl, Map.of("name", "Archive")), 201));
    String loose =
        id(
            check(
                "post",
                fl,
                admin.json("POST", fl, Map.of("name", "Loose", "parent", f1, "description", "d")),
                201));
    String spaced =
        id(
            check(
                "post",
                fl,
                admin.json("POST", fl, Map.of("name", "Q1 & Q2 ä", "parent", f1)),
                201));
    check("post", fl, admin.json("POST", fl, Map.of("name", "Marketing")), 409);
    check("post", fl, admin.json("POST", fl, Map.of("name", "2026", "parent", f1)), 409);
    check("post", fl, admin.json("POST", fl, Map.of("name", "x", "parent", missing)), 404);
    check("post", fl, admin.json("POST", fl, Map.of("name", "x", "parent", "not-an-id")), 404);
    check("post", fl, admin.json("POST", fl, Map.of("name", "a/b")), 422);
    check("post", fl, admin.json("POST", fl, Map.of("name", "..")), 422);
    check("post", fl, admin.json("POST", fl, "{}"), 422);
    check("post", fl, admin.json("POST", fl, "[]"), 422);
    check("post", fl, admin.json("POST", fl, "{not json"), 422);
    check("post", fl, admin.json("POST", fl, big), 413);
    check("post", fl, admin.raw("POST", fl, "text/plain", "name=x"), 415);
    check("post", fl, anon.json("POST", fl, Map.of("name", "x")), 401);
    check("post", fl, nobody.json("POST", fl, Map.of("name", "x")), 403);
    // depth: a root-level folder has depth 1; the 65th level is refused
    String deepRoot = null;
    String parent = null;
    for (int depth = 1; depth <= 64; depth++) {
      Map<String, Object> body = new HashMap<>();
      body.put("name", "deep");
      body.put("parent", parent);
      parent = id(check("post", fl, admin.json("POST", fl, body), 201));
      if (depth == 1) {
        deepRoot = parent;
      }
    }
    check("post", fl, admin.json("POST", fl, Map.of("name", "deep", "parent", parent)), 422);

    // assets in folders: hydrated `folder` objects validate against AssetRead
    String up = "/api/store/asset/upload";
    JsonNode logo =
        check(
            "post",
            up,
            admin.upload(
                "?folder=" + f2,
                "logo.png",
                "image/png",
                "png-bytes".getBytes(),
                Map.of(),
                Map.of()),
            201);
    String l = id(logo);
    assertThat(logo.path("folder").path("id").asString()).isEqualTo(f2);
    assertThat(logo.path("path").asString()).isEqualTo("/Marketing/2026/logo.png");
    check(
        "post",
        up,
        admin.upload(
            "?folder=" + spaced, "notes.txt", "text/plain", "n".getBytes(), Map.of(), Map.of()),
        201);
    String ap = "/api/store/asset/{id}";
    JsonNode got = check("get", ap, admin.get("/api/store/asset/" + l), 200);
    assertThat(got.path("folder").path("parent").asString()).isEqualTo(f1);
    assertThat(
            check("get", ap, admin.get("/api/store/asset/" + l + "?hydrate=false"), 200)
                .path("folder")
                .asString())
        .isEqualTo(f2);
    JsonNode inFolder =
        check("get", "/api/store/asset/", admin.get("/api/store/asset/?folder=" + f2), 200);
    assertThat(inFolder.path("items").size()).isEqualTo(1);
    assertThat(inFolder.path("items").get(0).path("folder").isObject()).isTrue();
    assertThat(
            check(
                    "patch",
                    ap,
                    admin.json("PATCH", "/api/store/asset/" + l, Map.of("folder", f3)),
                    200)
                .path("folder")
                .path("id")
                .asString())
        .isEqualTo(f3);
    assertThat(
            check(
                    "put",
                    ap,
                    admin.json(
                        "PUT", "/api/store/asset/" + l, Map.of("name", "logo.png", "folder", f2)),
                    200)
                .path("path")
                .asString())
        .isEqualTo("/Marketing/2026/logo.png");

    // list
    check("get", fl, admin.get(fl), 200);
    check("get", fl, admin.get("/api/store/folder"), 200);
    JsonNode page =
        check("get", fl, admin.get(fl + "?limit=1&hydrate=false&include_total=false"), 200);
    assertThat(page.path("next_cursor").isString()).isTrue();
    check(
        "get",
        fl,
        admin.get(
            fl
                + "?limit=1&hydrate=false&include_total=false&cursor="
                + enc(page.path("next_cursor").asString())),
        200);
    JsonNode roots =
        check(
            "get",
            fl,
            admin.get(fl + "?parent__isnull=true&name__in=Marketing,Archive&sort_by=name"),
            200);
    assertThat(roots.path("collection_total").asInt()).isEqualTo(2);
    JsonNode children = check("get", fl, admin.get(fl + "?parent=" + f1 + "&q=LOO"), 200);
    assertThat(children.path("items").get(0).path("parent").isObject()).isTrue();
    check("get", fl, admin.get(fl + "?sort_by=size"), 422);
    check("get", fl, admin.get(fl + "?limit=0&colour=red"), 422);
    check("get", fl, admin.get(fl + "?parent__contains=x"), 422);
    check("get", fl, admin.get(fl + "?cursor=garbage"), 422);
    check("get", fl, anon.get(fl), 401);
    check("get", fl, nobody.get(fl), 403);

    // filters
    String ff = "/api/store/folder/filters";
    check("get", ff, admin.get(ff), 200);
    check("get", ff, anon.get(ff), 401);
    check("get", ff, nobody.get(ff), 403);

    // get
    String fp = "/api/store/folder/{id}";
    JsonNode hydrated = check("get", fp, admin.get(fl + f2), 200);
    assertThat(hydrated.path("parent").isObject()).isTrue();
    assertThat(hydrated.path("created_by").isObject()).isTrue();
    JsonNode flat = check("get", fp, admin.get(fl + f2 + "?hydrate=false"), 200);
    assertThat(flat.path("parent").asString()).isEqualTo(f1);
    assertThat(flat.path("created_by").isString()).isTrue();
    check("get", fp, admin.get(fl + missing), 404);
    check("get", fp, admin.get(fl + "not-an-id"), 404);
    check("get", fp, admin.get(fl + f2 + "?hydrate=perhaps"), 422);
    check("get", fp, anon.get(fl + f2), 401);
    check("get", fp, nobody.get(fl + f2), 403);

    // shares
    String fs = "/api/store/folder/{id}/shares";
    check("get", fs, admin.get(fl + f2 + "/shares"), 200);
    check("get", fs, admin.get(fl + missing + "/shares"), 404);
    check("get", fs, anon.get(fl + f2 + "/shares"), 401);
    check("get", fs, nobody.get(fl + f2 + "/shares"), 403);

    // replace and patch
    for (String method : List.of("PUT", "PATCH")) {
      String m = method.toLowerCase(Locale.ROOT);
      JsonNode moved =
          check(
              m,
              fp,
              admin.json(method, fl + f2, Map.of("name", "2026", "parent", f3, "description", "Q")),
              200);
      assertThat(moved.path("path").asString()).isEqualTo("/Archive/2026");
      assertThat(moved.path("parent").path("id").asString()).isEqualTo(f3);
      check(m, fp, admin.json(method, fl + f2, Map.of("name", "2026", "parent", f1)), 200);
      check(m, fp, admin.json(method, fl + missing, Map.of("name", "z")), 404);
      check(m, fp, admin.json(method, fl + f2, Map.of("name", "2026", "parent", missing)), 404);
      check(m, fp, admin.json(method, fl + f2, Map.of("name", "Loose", "parent", f1)), 409);
      // under itself, under a descendant, and a subtree pushed past depth 64
      check(m, fp, admin.json(method, fl + f1, Map.of("name", "Marketing", "parent", f1)), 422);
      check(m, fp, admin.json(method, fl + f1, Map.of("name", "Marketing", "parent", f2)), 422);
      check(m, fp, admin.json(method, fl + deepRoot, Map.of("name", "deep", "parent", f3)), 422);
      check(m, fp, admin.json(method, fl + f2, Map.of("name", "a\\b")), 422);
      check(m, fp, admin.json(method, fl + f2, "{\"name\": null}"), 422);
      check(m, fp, admin.json(method, fl + f2, "{not json"), 422);
      check(m, fp, admin.json(method, fl + f2, big), 413);
      check(m, fp, admin.raw(method, fl + f2, "text/plain", "name=x"), 415);
      check(m, fp, anon.json(method, fl + f2, Map.of("name", "z")), 401);
      check(m, fp, nobody.json(method, fl + f2, Map.of("name", "z")), 403);
    }
    // PUT resets what it omits: the folder moves to the root level, its description is cleared
    JsonNode reset = check("put", fp, admin.json("PUT", fl + loose, Map.of("name", "Loose")), 200);
    assertThat(reset.path("parent").isNull()).isTrue();
    assertThat(reset.path("description").isNull()).isTrue();
    // PATCH changes only what it names
    JsonNode patched =
        check("patch", fp, admin.json("PATCH", fl + loose, Map.of("description", "kept")), 200);
    assertThat(patched.path("name").asString()).isEqualTo("Loose");
    assertThat(patched.path("parent").isNull()).isTrue();

    // download (GET and HEAD)
    String fd = "/api/store/folder/{id}/download";
    Resp zip = admin.get(fl + f1 + "/download");
    check("get", fd, zip, 200);
    assertThat(zip.header("Content-Type")).isEqualTo("application/zip");
    assertThat(zipEntries(zip.body()))
        .containsExactlyInAnyOrder(
            "Marketing/",
            "Marketing/2026/",
            "Marketing/Q1 & Q2 ä/",
            "Marketing/2026/logo.png",
            "Marketing/Q1 & Q2 ä/notes.txt");
    assertThat(zip.header("Content-Length")).isEqualTo(Integer.toString(zip.body().length));
    check("get", fd, admin.get(fl + missing + "/download"), 404);
    check("get", fd, anon.get(fl + f1 + "/download"), 401);
    check("get", fd, nobody.get(fl + f1 + "/download"), 403);
    Resp zipHead = admin.head(fl + f1 + "/download");
    check("head", fd, zipHead, 200);
    assertThat(zipHead.header("Content-Length")).isEqualTo(zip.header("Content-Length"));
    check("head", fd, admin.head(fl + missing + "/download"), 404);
    check("head", fd, anon.head(fl + f1 + "/download"), 401);
    check("head", fd, nobody.head(fl + f1 + "/download"), 403);

    // the store URL resolver, every URL form (GET and HEAD)
    String sr = "/api/store/";
    Map<String, String> forms = new java.util.LinkedHashMap<>();
    forms.put("/api/store/asset/" + l, "asset");
    forms.put("http://assets.example.com/api/store/asset/" + l, "asset");
    forms.put("assets.example.com/api/store/asset/" + l + "/", "asset");
    forms.put("/api/store/asset/download?id=" + l, "asset");
    forms.put("https://assets.example.com/api/store/asset/download?id=" + l, "asset");
    forms.put("/api/store/folder/" + f2, "folder");
    forms.put("http://assets.example.com:8080/api/store/folder/" + f2, "folder");
    forms.put("/store/Marketing/2026/logo.png", "asset");
    forms.put("/store/Marketing/2026", "folder");
    forms.put("/store/Marketing/2026/", "folder");
    forms.put("/store/Marketing/Q1%20%26%20Q2%20%C3%A4/notes.txt", "asset");
    forms.put("/store/", "root");
    forms.put("/store", "root");
    for (var form : forms.entrySet()) {
      String q = "?url=" + enc(form.getKey());
      JsonNode r = check("get", sr, admin.get(sr + q), 200);
      assertThat(r.path("type").asString()).as(form.getKey()).isEqualTo(form.getValue());
      check("head", sr, admin.head("/api/store" + q), 200);
    }
    JsonNode rootNode = check("get", sr, admin.get("/api/store?url=" + enc("/store/")), 200);
    assertThat(rootNode).isEqualTo(MAPPER.readTree("{\"type\":\"root\",\"path\":\"/\"}"));
    JsonNode resolvedAsset =
        check("get", sr, admin.get(sr + "?as_json=true&url=" + enc("/api/store/asset/" + l)), 200);
    assertThat(resolvedAsset.path("folder").path("id").asString()).isEqualTo(f2);
    assertThat(
            check(
                    "get",
                    sr,
                    admin.get(sr + "?hydrate=false&url=" + enc("/api/store/asset/" + l)),
                    200)
                .path("folder")
                .asString())
        .isEqualTo(f2);
    JsonNode resolvedFolder =
        check("get", sr, admin.get(sr + "?url=" + enc("/store/Marketing/2026")), 200);
    assertThat(resolvedFolder.path("id").asString()).isEqualTo(f2);
    assertThat(resolvedFolder.path("parent").path("id").asString()).isEqualTo(f1);
    assertThat(
            check(
                    "get",
                    sr,
                    admin.get(sr + "?hydrate=false&url=" + enc("/api/store/folder/" + f2)),
                    200)
                .path("parent")
                .asString())
        .isEqualTo(f1);
    // as_json=false: the asset's bytes with download headers, or the folder's zip
    String raw = sr + "?as_json=false&url=" + enc("/store/Marketing/2026/logo.png");
    Resp bytes = admin.get(raw);
    check("get", sr, bytes, 200);
    assertThat(bytes.text()).isEqualTo("png-bytes");
    assertThat(bytes.header("Content-Type")).isEqualTo("image/png");
    assertThat(bytes.header("Content-Disposition")).startsWith("attachment; filename=\"logo.png\"");
    String etag = bytes.header("ETag");
    assertThat(etag).isEqualTo("\"" + logo.path("sha256").asString() + "\"");
    check("get", sr, admin.get(raw + "&inline=true"), 200);
    Resp slice = admin.get(raw, "Range", "bytes=0-2");
    check("get", sr, slice, 206);
    assertThat(slice.text()).isEqualTo("png");
    check("get", sr, admin.get(raw, "If-None-Match", etag), 304);
    check("get", sr, admin.get(raw, "Range", "bytes=100-200"), 416);
    check("head", sr, admin.head(raw), 200);
    check("head", sr, admin.head(raw, "Range", "bytes=-3"), 206);
    check("head", sr, admin.head(raw, "If-None-Match", etag), 304);
    check("head", sr, admin.head(raw, "Range", "bytes=100-200"), 416);
    Resp folderZip = admin.get(sr + "?as_json=false&url=" + enc("/api/store/folder/" + f2));
    check("get", sr, folderZip, 200);
    assertThat(folderZip.header("Content-Type")).isEqualTo("application/zip");
    assertThat(zipEntries(folderZip.body())).containsExactly("2026/", "2026/logo.png");
    check("head", sr, admin.head(sr + "?as_json=false&url=" + enc("/store/Marketing")), 200);
    // nothing there: 404; not a store URL, or a bad flag: 422
    for (String nothing :
        List.of(
            "/api/store/asset/" + missing,
            "/api/store/folder/" + missing,
            "/api/store/asset/download?id=" + missing,
            "/store/Nowhere",
            "/store/Marketing/2026/nothing.png",
            "/store/Nowhere/logo.png")) {
      check("get", sr, admin.get(sr + "?url=" + enc(nothing)), 404);
      check("head", sr, admin.head(sr + "?url=" + enc(nothing)), 404);
    }
    for (String bad :
        List.of(
            "?url=" + enc("/api/store/share/" + l),
            "?url=" + enc("ftp:/nothing"),
            "?url=" + enc("/api/store/asset/download?id=" + l + "&id=" + l),
            "?url=",
            "",
            "?url=" + enc("/store/") + "&as_json=false",
            "?url=" + enc("/store/Marketing") + "&as_json=perhaps",
            "?url=" + enc("/store/Marketing") + "&hydrate=perhaps")) {
      check("get", sr, admin.get(sr + bad), 422);
      check("head", sr, admin.head(sr + bad), 422);
    }
    check("get", sr, anon.get(sr + "?url=" + enc("/store/")), 401);
    check("get", sr, nobody.get(sr + "?url=" + enc("/store/")), 403);
    check("head", sr, anon.head(sr + "?url=" + enc("/store/")), 401);
    check("head", sr, nobody.head(sr + "?url=" + enc("/store/")), 403);

    // delete: an empty folder; a non-empty one only with recursive=true
    check("delete", fp, anon.delete(fl + loose), 401);
    check("delete", fp, nobody.delete(fl + loose), 403);
    check("delete", fp, admin.delete(fl + loose), 204);
    check("delete", fp, admin.delete(fl + loose), 404);
    check("delete", fp, admin.delete(fl + "not-an-id"), 404);
    check("delete", fp, admin.delete(fl + f1), 409);
    check("delete", fp, admin.delete(fl + f1 + "?recursive=false"), 409);
    check("delete", fp, admin.delete(fl + f1 + "?recursive=maybe"), 422);
    check("get", fp, admin.get(fl + f2), 200); // the refusals changed nothing
    check("delete", fp, admin.delete(fl + f1 + "?recursive=true"), 204);
    check("get", fp, admin.get(fl + f2), 404);
    check("get", ap, admin.get("/api/store/asset/" + l), 404);
    check("get", sr, admin.get(sr + "?url=" + enc("/store/Marketing/2026/logo.png")), 404);
    check("delete", fp, admin.delete(fl + deepRoot + "?recursive=true"), 204);
    check("delete", fp, admin.delete(fl + f3), 204);
  }

  // ---------------------------------------------------------------- shares (API.md §8)

  @Test
  void shareDocumentParts() {
    JsonNode scheme = doc.path("components").path("securitySchemes").path("ShareAccessToken");
    assertThat(scheme.path("type").asString()).isEqualTo("http");
    assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
    for (String name :
        List.of(
            "ShareRead",
            "ShareReadCreate",
            "ShareInDbCursorPage",
            "ShareWriteCreate",
            "ShareWriteReplace",
            "ShareWriteUpdate",
            "ShareEmailRequest",
            "ShareAccessRequest",
            "ShareAccessGrant",
            "AssetReadPublic",
            "FolderReadPublic",
            "ShareAccessItemPage")) {
      assertThat(doc.path("components").path("schemas").has(name)).as(name).isTrue();
    }
    for (String name :
        List.of("ShareRead", "ShareReadCreate", "AssetReadPublic", "FolderReadPublic")) {
      JsonNode record = doc.at("/components/schemas/" + name);
      assertThat(record.path("additionalProperties").asBoolean(true)).as(name).isFalse();
      assertThat(record.path("required").size())
          .as("%s: every field is always present", name)
          .isEqualTo(record.path("properties").size());
    }
    // ShareReadCreate is ShareRead plus the token, field for field
    Set<String> read =
        new TreeSet<>(doc.at("/components/schemas/ShareRead/properties").propertyNames());
    Set<String> create =
        new TreeSet<>(doc.at("/components/schemas/ShareReadCreate/properties").propertyNames());
    read.add("token");
    assertThat(create).isEqualTo(read);
    // the public views leave out the creator, the metadata and the owner's permalinks
    for (String name : List.of("AssetReadPublic", "FolderReadPublic")) {
      assertThat(doc.at("/components/schemas/" + name + "/properties").propertyNames())
          .as(name)
          .doesNotContain("created_by", "metadata", "url");
    }
  }

  /**
   * Every share operation (API.md §8) against the real server: the owner API, redemption with its
   * refusals and throttling, the recipient endpoints with a share access token, the page, and email
   * with and without a mail server. Every declared status of a share operation is seen here. The
   * shares get a server of their own, so neither test's data or connections meet the other's.
   */
  @Test
  void shareExchanges() throws Exception {
    try (TestServer own = TestServer.start()) {
      shareExchanges(new H(own.http));
    }
  }

  private static void shareExchanges(H admin) throws Exception {
    H anon = admin.as(null);
    H nobody = admin.as(admin.createKey("users:read"));
    H writer = admin.as(admin.createKey("store:write", "store:read"));
    String missing = UUID.randomUUID().toString();

    // what gets shared: /Shared {a.txt, Sub/deep.txt}; outside it: /Outside/out.txt
    String fl = "/api/store/folder/";
    String shared = id(check("post", fl, admin.json("POST", fl, Map.of("name", "Shared")), 201));
    String sub =
        id(check("post", fl, admin.json("POST", fl, Map.of("name", "Sub", "parent", shared)), 201));
    String outside = id(check("post", fl, admin.json("POST", fl, Map.of("name", "Outside")), 201));
    String up = "/api/store/asset/upload";
    String a =
        id(
            check(
                "post",
                up,
                admin.upload(
                    "?folder=" + shared,
                    "a.txt",
                    "text/plain",
                    "shared bytes".getBytes(),
                    Map.of(),
                    Map.of()),
                201));
    String deep =
        id(
            check(
                "post",
                up,
                admin.upload("?folder=" + sub, "deep.txt", "d".getBytes(), Map.of()),
                201));
    String out =
        id(
            check(
                "post",
                up,
                admin.upload("?folder=" + outside, "out.txt", "o".getBytes(), Map.of()),
                201));

    // create
    String sl = "/api/share/";
    Resp made = admin.json("POST", sl, Map.of("asset", a, "name", "the file"));
    JsonNode assetShare = check("post", sl, made, 201);
    String s1 = id(assetShare);
    assertThat(made.header("Location")).isEqualTo("/api/share/" + s1);
    assertThat(assetShare.path("access_url").asString())
        .endsWith("/s/" + assetShare.path("token").asString());
    assertThat(assetShare.path("asset").path("id").asString()).isEqualTo(a);
    assertThat(assetShare.path("active").asBoolean()).isTrue();
    String t1 = assetShare.path("token").asString();
    JsonNode folderShare =
        check(
            "post",
            sl,
            admin.json(
                "POST",
                "/api/share",
                Map.of(
                    "folder", shared,
                    "password", "correct horse",
                    "recipients", List.of(" Bob@Example.com", "bob@example.com"),
                    "message", "for Bob",
                    "expires", "2999-01-01T00:00:00Z")),
            201);
    String s2 = id(folderShare);
    String t2 = folderShare.path("token").asString();
    assertThat(folderShare.path("recipients").toString()).isEqualTo("[\"bob@example.com\"]");
    assertThat(folderShare.path("password_protected").asBoolean()).isTrue();
    assertThat(folderShare.path("folder").path("id").asString()).isEqualTo(shared);
    assertThat(folderShare.path("asset").isNull()).isTrue();
    check("post", sl, admin.json("POST", sl, Map.of("asset", missing)), 404);
    check("post", sl, admin.json("POST", sl, Map.of("folder", "not-an-id")), 404);
    check("post", sl, admin.json("POST", sl, Map.of("asset", a, "folder", shared)), 422);
    check("post", sl, admin.json("POST", sl, Map.of("name", "no target")), 422);
    check("post", sl, admin.json("POST", sl, Map.of("asset", a, "password", "short")), 422);
    check("post", sl, admin.json("POST", sl, Map.of("asset", a, "max_downloads", 0)), 422);
    check(
        "post", sl, admin.json("POST", sl, Map.of("asset", a, "recipients", List.of("nope"))), 422);
    check(
        "post",
        sl,
        admin.json("POST", sl, Map.of("asset", a, "expires", "2001-01-01T00:00:00Z")),
        422);
    check("post", sl, admin.json("POST", sl, "[]"), 422);
    check("post", sl, admin.json("POST", sl, "{not json"), 422);
    check("post", sl, oversized(admin, "POST", sl), 413);
    check("post", sl, admin.raw("POST", sl, "text/plain", "asset=x"), 415);
    check("post", sl, anon.json("POST", sl, Map.of("asset", a)), 401);
    check("post", sl, nobody.json("POST", sl, Map.of("asset", a)), 403);
    check("post", sl, writer.json("POST", sl, Map.of("asset", a)), 403); // needs store:share

    // the asset's and folder's shares
    JsonNode ofAsset =
        check(
            "get",
            "/api/store/asset/{id}/shares",
            admin.get("/api/store/asset/" + a + "/shares"),
            200);
    assertThat(ofAsset.size()).isEqualTo(1);
    assertThat(ofAsset.get(0).path("id").asString()).isEqualTo(s1);
    JsonNode ofFolder =
        check("get", "/api/store/folder/{id}/shares", admin.get(fl + shared + "/shares"), 200);
    assertThat(ofFolder.size()).isEqualTo(1);
    assertThat(ofFolder.get(0).path("id").asString()).isEqualTo(s2);

    // list and filters
    check("get", sl, admin.get(sl), 200);
    check("get", sl, admin.get("/api/share"), 200);
    JsonNode page =
        check("get", sl, admin.get(sl + "?limit=1&hydrate=false&include_total=false"), 200);
    assertThat(page.path("items").get(0).path("created_by").isString()).isTrue();
    check(
        "get",
        sl,
        admin.get(
            sl
                + "?limit=1&hydrate=false&include_total=false&cursor="
                + enc(page.path("next_cursor").asString())),
        200);
    JsonNode folders =
        check("get", sl, admin.get(sl + "?target_type=folder&active=true&folder=" + shared), 200);
    assertThat(folders.path("collection_total").asInt()).isEqualTo(1);
    check("get", sl, admin.get(sl + "?sort_by=name"), 422);
    check("get", sl, admin.get(sl + "?colour=red"), 422);
    check("get", sl, admin.get(sl + "?cursor=garbage"), 422);
    check("get", sl, anon.get(sl), 401);
    check("get", sl, nobody.get(sl), 403);
    String sf = "/api/share/filters";
    check("get", sf, admin.get(sf), 200);
    check("get", sf, anon.get(sf), 401);
    check("get", sf, nobody.get(sf), 403);

    // get
    String sp = "/api/share/{id}";
    JsonNode hydrated = check("get", sp, admin.get(sl + s2), 200);
    assertThat(hydrated.path("created_by").isObject()).isTrue();
    JsonNode flat = check("get", sp, admin.get(sl + s2 + "?hydrate=false"), 200);
    assertThat(flat.path("folder").asString()).isEqualTo(shared);
    check("get", sp, admin.get(sl + missing), 404);
    check("get", sp, admin.get(sl + "not-an-id"), 404);
    check("get", sp, admin.get(sl + s2 + "?hydrate=perhaps"), 422);
    check("get", sp, anon.get(sl + s2), 401);
    check("get", sp, nobody.get(sl + s2), 403);

    // replace and patch
    for (String method : List.of("PUT", "PATCH")) {
      String m = method.toLowerCase(Locale.ROOT);
      check(m, sp, writer.json(method, sl + s1, Map.of("name", "renamed " + m)), 200);
      check(m, sp, admin.json(method, sl + missing, Map.of("name", "z")), 404);
      check(m, sp, admin.json(method, sl + s1, Map.of("password", "short")), 422);
      check(m, sp, admin.json(method, sl + s1, Map.of("expires", "2001-01-01T00:00:00Z")), 422);
      check(m, sp, admin.json(method, sl + s1, "{not json"), 422);
      check(m, sp, oversized(admin, method, sl + s1), 413);
      check(m, sp, admin.raw(method, sl + s1, "text/plain", "name=x"), 415);
      check(m, sp, anon.json(method, sl + s1, Map.of("name", "z")), 401);
      check(m, sp, nobody.json(method, sl + s1, Map.of("name", "z")), 403);
    }
    // PUT resets what it omits; PATCH changes only what it names; the target stays
    JsonNode put =
        check(
            "put",
            sp,
            admin.json("PUT", sl + s1, Map.of("message", "hello", "max_downloads", 5)),
            200);
    assertThat(put.path("name").isNull()).isTrue();
    assertThat(put.path("max_downloads").asInt()).isEqualTo(5);
    JsonNode patched =
        check("patch", sp, admin.json("PATCH", sl + s1, "{\"max_downloads\": null}"), 200);
    assertThat(patched.path("message").asString()).isEqualTo("hello");
    assertThat(patched.path("max_downloads").isNull()).isTrue();
    assertThat(patched.path("asset").path("id").asString()).isEqualTo(a);

    // owner download (GET and HEAD): an asset share answers like Download Assets, a folder share
    // like Download Folder
    String sd = "/api/share/{id}/download";
    Resp whole = admin.get(sl + s1 + "/download");
    check("get", sd, whole, 200);
    assertThat(whole.text()).isEqualTo("shared bytes");
    String etag = whole.header("ETag");
    check("get", sd, admin.get(sl + s1 + "/download?inline=true"), 200);
    Resp zip = admin.get(sl + s2 + "/download");
    check("get", sd, zip, 200);
    assertThat(zipEntries(zip.body()))
        .containsExactlyInAnyOrder("Shared/", "Shared/Sub/", "Shared/a.txt", "Shared/Sub/deep.txt");
    check("get", sd, admin.get(sl + s1 + "/download", "Range", "bytes=0-5"), 206);
    check("get", sd, admin.get(sl + s1 + "/download", "If-None-Match", etag), 304);
    check("get", sd, admin.get(sl + s1 + "/download", "Range", "bytes=100-200"), 416);
    check("get", sd, admin.get(sl + missing + "/download"), 404);
    check("get", sd, anon.get(sl + s1 + "/download"), 401);
    check("get", sd, nobody.get(sl + s1 + "/download"), 403);
    check("head", sd, admin.head(sl + s1 + "/download"), 200);
    check("head", sd, admin.head(sl + s2 + "/download"), 200);
    check("head", sd, admin.head(sl + s1 + "/download", "Range", "bytes=-3"), 206);
    check("head", sd, admin.head(sl + s1 + "/download", "If-None-Match", etag), 304);
    check("head", sd, admin.head(sl + s1 + "/download", "Range", "bytes=100-200"), 416);
    check("head", sd, admin.head(sl + missing + "/download"), 404);
    check("head", sd, anon.head(sl + s1 + "/download"), 401);
    check("head", sd, nobody.head(sl + s1 + "/download"), 403);
    JsonNode untouched = check("get", sp, admin.get(sl + s1), 200).path("statistics");
    assertThat(untouched.path("downloads").asInt()).as("owner downloads count nothing").isZero();

    // redeem: refusals first (each counts), then the grant
    String ga = "/api/share/get_access";
    check("post", ga, anon.json("POST", ga, Map.of("token", "no-such-token")), 404);
    check("post", ga, anon.json("POST", ga, "{}"), 422);
    check("post", ga, anon.json("POST", ga, "{not json"), 422);
    check("post", ga, oversized(anon, "POST", ga), 413);
    check("post", ga, anon.raw("POST", ga, "text/plain", "token=x"), 415);
    Resp noPassword = anon.json("POST", ga, Map.of("token", t2));
    check("post", ga, noPassword, 401);
    assertThat(noPassword.header("WWW-Authenticate")).isEqualTo("SharePassword");
    check("post", ga, anon.json("POST", ga, Map.of("token", t2, "password", "wrong one")), 401);
    check("post", ga, anon.json("POST", ga, Map.of("token", t2, "password", "correct horse")), 403);
    check(
        "post",
        ga,
        anon.json(
            "POST",
            ga,
            Map.of("token", t2, "password", "correct horse", "email", "eve@example.com")),
        403);
    JsonNode grant =
        check(
            "post",
            ga,
            anon.json(
                "POST",
                ga,
                Map.of("token", t2, "password", "correct horse", "email", "BOB@example.com")),
            200);
    assertThat(grant.path("share").path("folder").path("id").asString()).isEqualTo(shared);
    assertThat(grant.path("share").path("folder").path("path").asString()).isEqualTo("/Shared");
    assertThat(grant.path("share").path("message").asString()).isEqualTo("for Bob");
    String tok2 = grant.path("access_token").asString();
    JsonNode stats = check("get", sp, admin.get(sl + s2), 200).path("statistics");
    assertThat(stats.path("views").asInt()).isEqualTo(1);
    assertThat(stats.path("failed_attempts").asInt()).isEqualTo(4);
    assertThat(stats.path("last_accessed").isString()).isTrue();

    // recipient: items
    String ai = "/api/share/access/items";
    H bob = anon;
    String[] bearer2 = {"Authorization", "Bearer " + tok2};
    JsonNode top = check("get", ai, bob.get(ai, bearer2), 200);
    assertThat(top.path("collection_total").asInt()).isEqualTo(2);
    assertThat(top.path("items").get(0).path("id").asString()).isEqualTo(sub);
    assertThat(top.path("items").get(0).path("path").asString()).isEqualTo("/Shared/Sub");
    assertThat(top.path("items").get(1).path("id").asString()).isEqualTo(a);
    JsonNode first = check("get", ai, bob.get(ai + "?limit=1", bearer2), 200);
    assertThat(first.path("next_page").asBoolean()).isTrue();
    JsonNode second =
        check(
            "get",
            ai,
            bob.get(ai + "?limit=1&cursor=" + enc(first.path("next_cursor").asString()), bearer2),
            200);
    assertThat(second.path("items").get(0).path("id").asString()).isEqualTo(a);
    JsonNode inSub =
        check("get", ai, bob.get(ai + "?folder=" + sub + "&access_token=" + enc(tok2)), 200);
    assertThat(inSub.path("items").get(0).path("path").asString())
        .isEqualTo("/Shared/Sub/deep.txt");
    check("get", ai, bob.get(ai + "?folder=" + outside, bearer2), 404);
    check("get", ai, bob.get(ai + "?folder=not-an-id", bearer2), 404);
    check("get", ai, bob.get(ai + "?limit=0", bearer2), 422);
    check("get", ai, bob.get(ai + "?cursor=garbage", bearer2), 422);
    check("get", ai, anon.get(ai), 401);
    check("get", ai, admin.get(ai), 401); // an API key is not a share access token
    check("get", ai, anon.get(ai, "Authorization", "Bearer sat_forged.token"), 401);

    // recipient: downloads (GET and HEAD)
    String adl = "/api/share/access/download";
    Resp got = bob.get(adl + "?id=" + deep, bearer2);
    check("get", adl, got, 200);
    assertThat(got.text()).isEqualTo("d");
    Resp single = bob.get(adl + "?id=" + a, bearer2);
    check("get", adl, single, 200);
    String aTag = single.header("ETag");
    check("get", adl, bob.get(adl + "?id=" + a + "&access_token=" + enc(tok2)), 200);
    Resp both = bob.get(adl + "?id=" + a + "&id=" + deep, bearer2);
    check("get", adl, both, 200);
    assertThat(both.header("Content-Type")).isEqualTo("application/zip");
    check("get", adl, bob.get(adl + "?id=" + a, "Range", "bytes=0-5", bearer2[0], bearer2[1]), 206);
    check(
        "get", adl, bob.get(adl + "?id=" + a, "If-None-Match", aTag, bearer2[0], bearer2[1]), 304);
    check(
        "get",
        adl,
        bob.get(adl + "?id=" + a, "Range", "bytes=100-200", bearer2[0], bearer2[1]),
        416);
    check("get", adl, bob.get(adl + "?id=" + out, bearer2), 404); // outside the share
    check("get", adl, bob.get(adl + "?id=" + a + "&id=" + out, bearer2), 404);
    check("get", adl, bob.get(adl, bearer2), 422);
    check(
        "get",
        adl,
        bob.get(adl + "?id=" + a, "Sec-Fetch-Dest", "script", bearer2[0], bearer2[1]),
        403);
    check("get", adl, anon.get(adl + "?id=" + a), 401);
    check("get", adl, admin.get(adl + "?id=" + a), 401);
    check("head", adl, bob.head(adl + "?id=" + a, bearer2), 200);
    check("head", adl, bob.head(adl + "?id=" + a + "&id=" + deep, bearer2), 200);
    check(
        "head", adl, bob.head(adl + "?id=" + a, "Range", "bytes=-3", bearer2[0], bearer2[1]), 206);
    check(
        "head",
        adl,
        bob.head(adl + "?id=" + a, "If-None-Match", aTag, bearer2[0], bearer2[1]),
        304);
    check(
        "head",
        adl,
        bob.head(adl + "?id=" + a, "Range", "bytes=100-200", bearer2[0], bearer2[1]),
        416);
    check("head", adl, bob.head(adl + "?id=" + out, bearer2), 404);
    check("head", adl, bob.head(adl, bearer2), 422);
    check(
        "head",
        adl,
        bob.head(adl + "?id=" + a, "Sec-Fetch-Dest", "script", bearer2[0], bearer2[1]),
        403);
    check("head", adl, anon.head(adl + "?id=" + a), 401);
    String afd = "/api/share/access/folder/{id}/download";
    String afp = "/api/share/access/folder/";
    Resp subZip = bob.get(afp + sub + "/download", bearer2);
    check("get", afd, subZip, 200);
    assertThat(zipEntries(subZip.body())).containsExactly("Sub/", "Sub/deep.txt");
    check("get", afd, bob.get(afp + shared + "/download?access_token=" + enc(tok2)), 200);
    check("get", afd, bob.get(afp + outside + "/download", bearer2), 404);
    check("get", afd, bob.get(afp + missing + "/download", bearer2), 404);
    check("get", afd, anon.get(afp + sub + "/download"), 401);
    check(
        "get",
        afd,
        bob.get(afp + sub + "/download", "Sec-Fetch-Dest", "worker", bearer2[0], bearer2[1]),
        403);
    check(
        "head",
        afd,
        bob.head(afp + sub + "/download", "Sec-Fetch-Dest", "style", bearer2[0], bearer2[1]),
        403);
    check("head", afd, bob.head(afp + sub + "/download", bearer2), 200);
    check("head", afd, bob.head(afp + outside + "/download", bearer2), 404);
    check("head", afd, anon.head(afp + sub + "/download"), 401);
    // recipient: previews (issue 17), of an asset share; they count as nothing
    String apv = "/api/share/access/preview";
    String pic =
        id(
            check(
                "post",
                up,
                admin.upload(
                    "?folder=" + outside, "pic.png", "image/png", png(), Map.of(), Map.of()),
                201));
    String picToken =
        check("post", sl, admin.json("POST", sl, Map.of("asset", pic)), 201)
            .path("token")
            .asString();
    String tokP =
        check("post", ga, anon.json("POST", ga, Map.of("token", picToken)), 200)
            .path("access_token")
            .asString();
    String[] bearerP = {"Authorization", "Bearer " + tokP};
    Resp pv1 = bob.get(apv + "?id=" + pic + "&w=32&h=32", bearerP);
    check("get", apv, pv1, 200);
    check(
        "get",
        apv,
        bob.get(
            apv + "?id=" + pic + "&w=32&h=32",
            "If-None-Match",
            pv1.header("ETag"),
            bearerP[0],
            bearerP[1]),
        304);
    check("get", apv, bob.get(apv + "?id=" + pic + "&access_token=" + enc(tokP)), 200);
    check("get", apv, bob.get(apv + "?id=" + a, bearerP), 404); // outside this share
    check("get", apv, bob.get(apv + "?id=" + pic + "&w=9", bearerP), 422);
    check("get", apv, bob.get(apv, bearerP), 422);
    check("get", apv, anon.get(apv + "?id=" + pic), 401);
    check("get", apv, admin.get(apv + "?id=" + pic), 401); // an API key is not a share token
    check("head", apv, bob.head(apv + "?id=" + pic, bearerP), 200);
    check(
        "head",
        apv,
        bob.head(
            apv + "?id=" + pic + "&w=32&h=32",
            "If-None-Match",
            pv1.header("ETag"),
            bearerP[0],
            bearerP[1]),
        304);
    check("head", apv, bob.head(apv + "?id=" + a, bearerP), 404);
    check("head", apv, bob.head(apv + "?id=" + pic + "&fit=x", bearerP), 422);
    check("head", apv, anon.head(apv + "?id=" + pic), 401);
    awaitDownloads(admin, s2, 6); // complete GET 200s count; 206, 304, HEAD and refusals do not

    // a password change kills the tokens issued before it (401); the new password redeems
    check("patch", sp, admin.json("PATCH", sl + s2, Map.of("password", "battery staple")), 200);
    check("get", ai, bob.get(ai, bearer2), 401);
    check("get", adl, bob.get(adl + "?id=" + a, bearer2), 401);
    check("head", adl, bob.head(adl + "?id=" + a, bearer2), 401);
    check("get", afd, bob.get(afp + sub + "/download", bearer2), 401);
    check("head", afd, bob.head(afp + sub + "/download", bearer2), 401);
    check(
        "post",
        ga,
        anon.json(
            "POST",
            ga,
            Map.of("token", t2, "password", "battery staple", "email", "bob@example.com")),
        200);

    // throttling: 5 failures on one share answer as themselves, then every attempt is 429
    String t3 =
        check(
                "post",
                sl,
                admin.json("POST", sl, Map.of("asset", a, "password", "the right one")),
                201)
            .path("token")
            .asString();
    for (int i = 1; i <= 5; i++) {
      check("post", ga, anon.json("POST", ga, Map.of("token", t3, "password", "guess " + i)), 401);
    }
    Resp throttled = anon.json("POST", ga, Map.of("token", t3, "password", "guess 6"));
    check("post", ga, throttled, 429);
    assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 900);
    check("post", ga, anon.json("POST", ga, Map.of("token", t3, "password", "the right one")), 429);

    // max_downloads: the one complete download uses the share up (410 everywhere after it)
    String s4;
    String t4;
    {
      JsonNode limited =
          check("post", sl, admin.json("POST", sl, Map.of("folder", sub, "max_downloads", 1)), 201);
      s4 = id(limited);
      t4 = limited.path("token").asString();
    }
    JsonNode g4 = check("post", ga, anon.json("POST", ga, Map.of("token", t4)), 200);
    String[] bearer4 = {"Authorization", "Bearer " + g4.path("access_token").asString()};
    check("head", afd, bob.head(afp + sub + "/download", bearer4), 200); // HEAD takes no slot
    check("get", afd, bob.get(afp + sub + "/download", bearer4), 200);
    awaitDownloads(admin, s4, 1);
    assertThat(check("get", sp, admin.get(sl + s4), 200).path("active").asBoolean()).isFalse();
    check("get", ai, bob.get(ai, bearer4), 410);
    check("get", adl, bob.get(adl + "?id=" + deep, bearer4), 410);
    check("head", adl, bob.head(adl + "?id=" + deep, bearer4), 410);
    check("get", afd, bob.get(afp + sub + "/download", bearer4), 410);
    check("get", apv, bob.get(apv + "?id=" + deep, bearer4), 410);
    check("head", apv, bob.head(apv + "?id=" + deep, bearer4), 410);
    check("head", afd, bob.head(afp + sub + "/download", bearer4), 410);
    check("post", ga, anon.json("POST", ga, Map.of("token", t4)), 410);

    // expiry: get_access answers 410 once the share has expired; the access token issued before
    // never outlives the share, so it is then dead (401)
    String soon = java.time.Instant.now().plusSeconds(2).toString();
    JsonNode expiring =
        check("post", sl, admin.json("POST", sl, Map.of("asset", a, "expires", soon)), 201);
    JsonNode g5 =
        check(
            "post",
            ga,
            anon.json("POST", ga, Map.of("token", expiring.path("token").asString())),
            200);
    assertThat(g5.path("expires_in").asLong()).isLessThanOrEqualTo(2);
    Thread.sleep(
        Math.max(
                0,
                java.time.Duration.between(java.time.Instant.now(), java.time.Instant.parse(soon))
                    .toMillis())
            + 200);
    check(
        "post", ga, anon.json("POST", ga, Map.of("token", expiring.path("token").asString())), 410);
    // A token issued before the share expired answers 410 (the share is gone for good), not 401.
    check(
        "get",
        ai,
        bob.get(ai, "Authorization", "Bearer " + g5.path("access_token").asString()),
        410);
    assertThat(check("get", sp, admin.get(sl + id(expiring)), 200).path("active").asBoolean())
        .isFalse();

    // the share page and its static files
    Resp pageHtml = anon.get("/s/" + t1);
    check("get", "/s/{token}", pageHtml, 200);
    assertThat(pageHtml.header("Content-Type")).startsWith("text/html");
    check("get", "/s-static/{file}", anon.get("/s-static/share.js"), 200);
    check("get", "/s-static/{file}", anon.get("/s-static/share.css"), 200);
    check("get", "/s-static/{file}", anon.get("/s-static/no-such-file.js"), 404);

    // the web console: its page (deep links too), files and worker
    check("get", "/", anon.get("/"), 302);
    check("get", "/app/", anon.get("/app/"), 200);
    check("get", "/app/folder/{id}", anon.get("/app/folder/" + UUID.randomUUID()), 200);
    check("get", "/app/asset/{id}", anon.get("/app/asset/" + UUID.randomUUID()), 200);
    Resp mainJs = anon.get("/app/static/main.js");
    check("get", "/app/static/{file}", mainJs, 200);
    check(
        "get",
        "/app/static/{file}",
        anon.get("/app/static/main.js", "If-None-Match", mainJs.header("ETag")),
        304);
    check("get", "/app/static/{file}", anon.get("/app/static/no-such-file.js"), 404);
    check("get", "/app/sw.js", anon.get("/app/sw.js"), 200);

    // email without a mail server: 503 (no Retry-After); validation and lookups come first
    String se = "/api/share/{id}/email";
    String mail = sl + s1 + "/email";
    Map<String, Object> toCarol = Map.of("recipients", List.of("carol@example.com"));
    Resp noSmtp = admin.json("POST", mail, toCarol);
    check("post", se, noSmtp, 503);
    assertThat(noSmtp.header("Retry-After")).isNull();
    check("post", se, admin.json("POST", sl + missing + "/email", toCarol), 404);
    check("post", se, admin.json("POST", mail, "{}"), 422);
    check("post", se, admin.json("POST", mail, Map.of("recipients", List.of())), 422);
    check("post", se, admin.json("POST", mail, Map.of("recipients", List.of("not mail"))), 422);
    check("post", se, oversized(admin, "POST", mail), 413);
    check("post", se, admin.raw("POST", mail, "text/plain", "recipients=x"), 415);
    check("post", se, anon.json("POST", mail, toCarol), 401);
    check("post", se, writer.json("POST", mail, toCarol), 403); // needs store:share
    check("post", se, nobody.json("POST", mail, toCarol), 403);
    assertThat(check("get", sp, admin.get(sl + s1), 200).path("recipients").size()).isZero();

    // email with a mail server (GreenMail in this JVM): 202, the address joins the recipients
    var greenMail =
        new com.icegreen.greenmail.util.GreenMail(
            com.icegreen.greenmail.util.ServerSetupTest.SMTP.dynamicPort());
    greenMail.start();
    try (TestServer mailing =
        TestServer.start(
            Map.of("ASSET_STORE_SMTP_URL", "smtp://127.0.0.1:" + greenMail.getSmtp().getPort()))) {
      H owner = new H(mailing.http);
      String file = id(check("post", up, owner.upload("mail.txt", "m".getBytes()), 201));
      JsonNode mailed = check("post", sl, owner.json("POST", sl, Map.of("asset", file)), 201);
      JsonNode sent =
          check(
              "post",
              se,
              owner.json(
                  "POST",
                  sl + id(mailed) + "/email",
                  Map.of("recipients", List.of("Carol@Example.com"), "message", "see this")),
              202);
      assertThat(sent.path("recipients").toString()).isEqualTo("[\"carol@example.com\"]");
      assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
      assertThat(greenMail.getReceivedMessages()[0].getContent().toString())
          .contains(mailed.path("access_url").asString());
    } finally {
      greenMail.stop();
    }

    // delete: the link is gone (404) and its access tokens are dead (401)
    JsonNode g1 = check("post", ga, anon.json("POST", ga, Map.of("token", t1)), 200);
    String[] bearer1 = {"Authorization", "Bearer " + g1.path("access_token").asString()};
    JsonNode items1 = check("get", ai, bob.get(ai, bearer1), 200);
    assertThat(items1.path("items").get(0).path("path").asString()).isEqualTo("/a.txt");
    assertThat(items1.path("items").get(0).path("folder").isNull()).isTrue();
    check("get", afd, bob.get(afp + shared + "/download", bearer1), 404); // an asset share
    check("delete", sp, anon.delete(sl + s1), 401);
    check("delete", sp, nobody.delete(sl + s1), 403);
    check("delete", sp, writer.delete(sl + s1), 204);
    check("delete", sp, admin.delete(sl + s1), 404);
    check("delete", sp, admin.delete(sl + "not-an-id"), 404);
    check("get", sp, admin.get(sl + s1), 404);
    check("get", ai, bob.get(ai, bearer1), 401);
    check("post", ga, anon.json("POST", ga, Map.of("token", t1)), 404);

    // every declared status of every share operation was seen
    List<String> unseen = new ArrayList<>();
    doc.path("paths")
        .forEachEntry(
            (path, item) ->
                item.forEachEntry(
                    (method, op) ->
                        op.path("responses")
                            .forEachEntry(
                                (status, r) -> {
                                  String opId = op.path("operationId").asString();
                                  String key = opId + " " + status;
                                  if (opId.startsWith("share.")
                                      && !exercised.contains(key)
                                      && !UNPROVOKED.contains(status)
                                      && !UNPROVOKED.contains(key)) {
                                    unseen.add(key);
                                  }
                                })));
    assertThat(unseen).as("declared but never exercised").isEmpty();
  }

  /** A small PNG, made with ImageIO (previews, issue 17). */
  private static byte[] png() {
    var img = new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB);
    var out = new java.io.ByteArrayOutputStream();
    try {
      javax.imageio.ImageIO.write(img, "png", out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A JSON body over the 1 MiB limit, sent with {@code Expect: 100-continue}: the server refuses it
   * (413) from its Content-Length before a byte of it is sent, so the refusal cannot be lost to a
   * connection the server closes while the client is still writing.
   */
  private static Resp oversized(H h, String method, String path) {
    String big = "{\"name\":\"" + "x".repeat((int) ApiRouter.JSON_BODY_LIMIT + 10) + "\"}";
    HttpRequest.Builder b =
        h.h()
            .request(path)
            .version(HttpClient.Version.HTTP_1_1)
            .timeout(java.time.Duration.ofSeconds(30))
            .expectContinue(true)
            .header("Content-Type", "application/json")
            .method(method, BodyPublishers.ofString(big));
    return h.h().send(b.build());
  }

  /**
   * Waits until a share's completed downloads reach {@code n} (they are counted after the fact).
   */
  private static void awaitDownloads(H admin, String shareId, int n) throws InterruptedException {
    int seen = -1;
    for (int i = 0; i < 100; i++) {
      seen =
          MAPPER
              .readTree(admin.get("/api/share/" + shareId).body())
              .path("statistics")
              .path("downloads")
              .asInt();
      if (seen >= n) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(seen).as("completed downloads of share %s", shareId).isEqualTo(n);
  }

  private static List<String> zipEntries(byte[] zip) {
    return dev.assetstore.support.StrictZip.names(zip);
  }

  // ---------------------------------------------------------------- checking one exchange

  /** Checks one exchange and also that it answered {@code expected}. */
  private static JsonNode check(String method, String path, Resp r, int expected) {
    JsonNode body = check(method, path, r);
    assertThat(r.status())
        .as("%s %s answered %s: %s", method, path, r.status(), r.text())
        .isEqualTo(expected);
    return body;
  }

  /**
   * Finds the operation, asserts the status is declared for it, checks the declared headers and the
   * media type, and validates a JSON body against the declared schema. Returns the body.
   */
  private static JsonNode check(String method, String path, Resp r) {
    JsonNode op = doc.path("paths").path(path).path(method);
    assertThat(op.isMissingNode()).as("%s %s is documented", method, path).isFalse();
    String where = method.toUpperCase(Locale.ROOT) + " " + path;
    String status = Integer.toString(r.status());
    JsonNode declared = op.path("responses").path(status);
    if (declared.isMissingNode()) {
      fail(where + " answered " + status + ", which the document does not declare: " + r.text());
    }
    exercised.add(op.path("operationId").asString() + " " + status);
    String pointer =
        declared.has("$ref")
            ? declared.path("$ref").asString().substring(1)
            : "/paths/" + esc(path) + "/" + method + "/responses/" + status;
    JsonNode resp = doc.at(pointer);

    resp.path("headers")
        .forEachEntry(
            (name, h) ->
                assertThat(deref(h).path("required").asBoolean() ? r.header(name) : "optional")
                    .as("%s %s declares header %s", where, status, name)
                    .isNotNull());

    boolean head = method.equals("head");
    JsonNode content = resp.path("content");
    if (content.isMissingNode() || content.isEmpty()) {
      assertThat(r.body()).as("%s %s has no body", where, status).isEmpty();
      return null;
    }
    if (head) {
      assertThat(r.body()).as("HEAD has no body").isEmpty();
      return null;
    }
    String type = r.header("Content-Type");
    assertThat(type).as("%s %s Content-Type", where, status).isNotNull();
    String base = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    String media = content.has(base) ? base : content.has("*/*") ? "*/*" : null;
    assertThat(media)
        .as("%s %s answered %s; declared %s", where, status, base, content.propertyNames())
        .isNotNull();
    if (!base.equals("application/json")) {
      return null;
    }
    assertThat(media)
        .as("%s %s JSON is declared as JSON", where, status)
        .isEqualTo("application/json");
    JsonNode body;
    try {
      body = MAPPER.readTree(r.body());
    } catch (RuntimeException e) {
      throw new AssertionError(where + " " + status + " body is not JSON: " + r.text(), e);
    }
    String schemaPointer = pointer + "/content/" + esc(media) + "/schema";
    List<Error> errors = schema(schemaPointer).validate(body);
    if (!errors.isEmpty()) {
      fail(
          where
              + " "
              + status
              + " does not match "
              + schemaName(schemaPointer)
              + ": "
              + errors
              + "\nbody: "
              + r.text());
    }
    return body;
  }

  private static String schemaName(String pointer) {
    JsonNode s = doc.at(pointer);
    return s.has("$ref") ? s.path("$ref").asString() : "#" + pointer;
  }

  private static Schema schema(String pointer) {
    return schemas.computeIfAbsent(
        pointer,
        p -> {
          String fragment = p.replace("{", "%7B").replace("}", "%7D");
          Schema s = registry.getSchema(SchemaLocation.of(DOC_IRI + "#" + fragment));
          s.initializeValidators();
          return s;
        });
  }

  private static JsonNode deref(JsonNode n) {
    return n.has("$ref") ? doc.at(n.path("$ref").asString().substring(1)) : n;
  }

  private static void collectRefs(JsonNode n, List<String> out) {
    if (n.isObject()) {
      n.forEachEntry(
          (k, v) -> {
            if (k.equals("$ref") && v.isString()) {
              out.add(v.asString());
            } else {
              collectRefs(v, out);
            }
          });
    } else if (n.isArray()) {
      n.forEach(v -> collectRefs(v, out));
    }
  }

  /** A JSON Pointer segment. */
  private static String esc(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }

  private static String id(JsonNode asset) {
    return asset.path("id").asString();
  }

  /**
   * The harness client pinned to HTTP/1.1. The JDK client otherwise upgrades plain-text connections
   * to HTTP/2 (h2c), and error responses that carry {@code Connection: close} are then rejected as
   * malformed HTTP/2 (reported separately; not this test's subject).
   */
  private record H(Http h) {
    H as(String key) {
      return new H(h.as(key));
    }

    Resp send(String method, String path, BodyPublisher body, String... headers) {
      HttpRequest.Builder b =
          h.request(path)
              .version(HttpClient.Version.HTTP_1_1)
              .timeout(java.time.Duration.ofSeconds(30))
              .method(method, body);
      for (int i = 0; i < headers.length; i += 2) {
        b.header(headers[i], headers[i + 1]);
      }
      return h.send(b.build());
    }

    Resp get(String path, String... headers) {
      return send("GET", path, BodyPublishers.noBody(), headers);
    }

    Resp head(String path, String... headers) {
      return send("HEAD", path, BodyPublishers.noBody(), headers);
    }

    Resp delete(String path) {
      return send("DELETE", path, BodyPublishers.noBody());
    }

    Resp raw(String method, String path, String contentType, String body) {
      return send(method, path, BodyPublishers.ofString(body), "Content-Type", contentType);
    }

    Resp json(String method, String path, Object body) {
      try {
        String s = body instanceof String str ? str : Http.JSON.writeValueAsString(body);
        return raw(method, path, "application/json", s);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }

    Resp upload(String query, String filename, byte[] bytes, Map<String, String> fields) {
      return upload(query, filename, "application/octet-stream", bytes, fields, Map.of());
    }

    Resp upload(String filename, byte[] bytes) {
      return upload("", filename, bytes, Map.of());
    }

    Resp upload(
        String query,
        String filename,
        String partType,
        byte[] bytes,
        Map<String, String> fields,
        Map<String, String> headers) {
      String boundary = "----conformance-" + UUID.randomUUID();
      StringBuilder head = new StringBuilder();
      fields.forEach(
          (k, v) ->
              head.append("--" + boundary + "\r\n")
                  .append("Content-Disposition: form-data; name=\"" + k + "\"\r\n\r\n")
                  .append(v)
                  .append("\r\n"));
      head.append("--" + boundary + "\r\n")
          .append(
              "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n")
          .append("Content-Type: " + partType + "\r\n\r\n");
      BodyPublisher body =
          BodyPublishers.concat(
              BodyPublishers.ofString(head.toString(), StandardCharsets.UTF_8),
              BodyPublishers.ofByteArray(bytes),
              BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
      List<String> hs = new ArrayList<>();
      hs.add("Content-Type");
      hs.add("multipart/form-data; boundary=" + boundary);
      headers.forEach(
          (k, v) -> {
            hs.add(k);
            hs.add(v);
          });
      return send("POST", "/api/store/asset/upload" + query, body, hs.toArray(String[]::new));
    }

    String createKey(String... scopes) {
      Resp r =
          json(
              "POST",
              "/api/admin/api-keys/",
              Map.of("label", "conformance", "scopes", List.of(scopes)));
      assertThat(r.status()).as(r.text()).isEqualTo(201);
      return MAPPER.readTree(r.body()).path("key").asString();
    }
  }

  private static String digest(byte[] bytes) throws Exception {
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(bytes);
    return "sha-256=:" + Base64.getEncoder().encodeToString(sha) + ":";
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
