package dev.assetstore.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.Logins;
import dev.assetstore.support.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the OpenAPI document × every kind of credential, with the exact status each
 * must get (API.md §2, §8). The operations, whether each is public, owner-only or for share access
 * tokens, and the scope it needs are read from the served document ({@code security}, {@code
 * x-required-scope}); this class only knows how to call each one. An operation without a recipe
 * here fails the test, so a new endpoint cannot go unchecked (OpenApiConformanceTest holds the
 * document to the router).
 *
 * <p>Supersedes the credential rows of ScopeMatrixTest for the kinds it did not cover (expired and
 * deleted keys, user tokens, share tokens on owner routes, owner credentials on access routes).
 */
class AccessMatrixTest {
  static final List<String> SCOPES =
      List.of(
          "store:read",
          "store:write",
          "store:share",
          "apikeys:read",
          "apikeys:write",
          "users:read",
          "users:write");

  enum Kind {
    NONE,
    EXPIRED_KEY,
    DELETED_KEY,
    KEY_WITHOUT_SCOPE,
    TOKEN_WITHOUT_SCOPE,
    SHARE_TOKEN,
    ADMIN
  }

  /** One request, before credentials are added. */
  record Req(
      String method, String path, String contentType, byte[] body, Map<String, String> headers) {
    static Req of(String method, String path) {
      return new Req(method, path, null, null, Map.of());
    }

    static Req json(String method, String path, Object body) {
      try {
        return new Req(
            method, path, "application/json", Http.JSON.writeValueAsBytes(body), Map.of());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** How to call one operation, and the status a good call gets. */
  record Recipe(int ok, Supplier<Req> request) {}

  static TestServer server;
  static Http admin;
  static JsonNode doc;
  static String folderId;
  static String assetId;
  static String sharedFolder;
  static String sharedAsset;
  static String image;
  static String sharedImage;
  static String accessShareToken;
  static String accessToken;
  static String editableShare;
  static String expiredKey;
  static String deletedKey;
  static final Map<String, String> keyWithout = new LinkedHashMap<>();
  static final Map<String, String> tokenWithout = new LinkedHashMap<>();
  static final String PASSWORD = "matrix-password";

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    admin = server.http.http11();
    doc = admin.get("/api/openapi.json").json();
    folderId = server.createFolder("Matrix", null);
    assetId = upload(folderId, "matrix.txt");
    sharedFolder = server.createFolder("Shared", null);
    sharedAsset = upload(sharedFolder, "inside.txt");
    image = uploadPng(folderId, "matrix.png");
    sharedImage = uploadPng(sharedFolder, "inside.png");
    JsonNode share = createShare(Map.of("folder", sharedFolder));
    accessShareToken = share.get("token").asText();
    accessToken = redeem(accessShareToken);
    editableShare = createShare(Map.of("asset", assetId)).get("id").asText();

    expiredKey = createKey(List.of("admin"), Instant.now().plus(2, ChronoUnit.SECONDS).toString());
    String deleted = createKeyRow(List.of("admin"), null).get("id").asText();
    deletedKey = lastRawKey;
    assertThat(admin.delete("/api/admin/api-keys/" + deleted).status()).isEqualTo(204);
    for (String scope : SCOPES) {
      List<String> others = new ArrayList<>(SCOPES);
      others.remove(scope);
      keyWithout.put(scope, createKey(others, null));
      String user = "without-" + scope.replace(':', '-');
      Logins.createUser(admin, user, PASSWORD, others.toArray(String[]::new));
      tokenWithout.put(scope, Logins.session(admin, user, PASSWORD).accessToken());
    }
    Logins.createUser(admin, "login-user", PASSWORD, "store:read");
    // Let the expiring key expire (its cached lookup is re-checked against the clock).
    while (admin.as(expiredKey).get("/api/store/asset/filters").status() == 200) {
      Thread.sleep(200);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // ---------------------------------------------------------------- fixtures

  static String upload(String folder, String name) {
    Resp r =
        admin.upload(
            folder == null ? "" : "?folder=" + folder,
            name,
            "x".getBytes(StandardCharsets.UTF_8),
            Map.of());
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json().get("id").asText();
  }

  /** A PNG for the preview routes (issue 17). */
  static String uploadPng(String folder, String name) throws java.io.IOException {
    var out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(
        new java.awt.image.BufferedImage(30, 20, java.awt.image.BufferedImage.TYPE_INT_RGB),
        "png",
        out);
    Resp r = admin.upload("?folder=" + folder, name, out.toByteArray(), Map.of());
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json().get("id").asText();
  }

  static JsonNode createShare(Map<String, Object> body) {
    Resp r = admin.json("POST", "/api/share/", body);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json();
  }

  static String redeem(String token) {
    Resp r = admin.as(null).json("POST", "/api/share/get_access", Map.of("token", token));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json().get("access_token").asText();
  }

  static String lastRawKey;

  static JsonNode createKeyRow(List<String> scopes, String expires) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("label", "matrix");
    body.put("scopes", scopes);
    if (expires != null) {
      body.put("expires", expires);
    }
    Resp r = admin.json("POST", "/api/admin/api-keys/", body);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    lastRawKey = r.json().get("key").asText();
    return r.json();
  }

  static String createKey(List<String> scopes, String expires) {
    createKeyRow(scopes, expires);
    return lastRawKey;
  }

  static final String TUS_META =
      "filename " + java.util.Base64.getEncoder().encodeToString("m.bin".getBytes());
  static final String OCTETS = "application/offset+octet-stream";
  static final Map<String, String> PIECE = Map.of("Tus-Resumable", "1.0.0", "Upload-Offset", "0");
  static String completed;

  /** A new resumable upload of 4 bytes, created by the admin key (its owner: the ADMIN cells). */
  static String freshUpload() {
    Resp r =
        admin.send(
            admin
                .request("/api/store/asset/tus/")
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "4")
                .header("Upload-Metadata", TUS_META)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.header("Location");
  }

  static synchronized String completedUpload() {
    if (completed == null) {
      String u = freshUpload();
      Resp r =
          admin.send(
              admin
                  .request(u)
                  .header("Tus-Resumable", "1.0.0")
                  .header("Upload-Offset", "0")
                  .header("Content-Type", OCTETS)
                  .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("abcd"))
                  .build());
      assertThat(r.status()).as(r.text()).isEqualTo(204);
      completed = u;
    }
    return completed;
  }

  static String fresh() {
    return "m-" + UUID.randomUUID();
  }

  static String freshFolder() {
    return server.createFolder(fresh(), null);
  }

  static String freshKeyId() {
    return createKeyRow(List.of(), null).get("id").asText();
  }

  static String freshUserId() {
    return Logins.createUser(admin, fresh(), PASSWORD);
  }

  static byte[] multipart(String boundary, String filename, String content) {
    String s =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + filename
            + "\"\r\nContent-Type: text/plain\r\n\r\n"
            + content
            + "\r\n--"
            + boundary
            + "--\r\n";
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Req loginForm() {
    return new Req(
        "POST",
        "/api/login/access-token",
        "application/x-www-form-urlencoded",
        Logins.form("username", "login-user", "password", PASSWORD)
            .getBytes(StandardCharsets.UTF_8),
        Map.of());
  }

  /** Recipes, keyed "METHOD /documented/path". */
  static Map<String, Recipe> recipes() {
    Map<String, Recipe> r = new LinkedHashMap<>();
    String asset = "/api/store/asset/";
    String folder = "/api/store/folder/";
    String share = "/api/share/";
    r.put("GET /health", new Recipe(200, () -> Req.of("GET", "/health")));
    r.put("GET /ready", new Recipe(200, () -> Req.of("GET", "/ready")));
    r.put("GET /metrics", new Recipe(200, () -> Req.of("GET", "/metrics")));
    r.put("GET /api/openapi.json", new Recipe(200, () -> Req.of("GET", "/api/openapi.json")));
    r.put("GET /docs", new Recipe(200, () -> Req.of("GET", "/docs")));
    r.put("GET /docs/{file}", new Recipe(200, () -> Req.of("GET", "/docs/docs-init.js")));

    String tus = "/api/store/asset/tus/";
    Map<String, String> v = Map.of("Tus-Resumable", "1.0.0");
    // OPTIONS (no credentials) is outside this matrix's methods; OpenApiConformanceTest has it.
    r.put(
        "POST " + tus,
        new Recipe(
            201,
            () ->
                new Req(
                    "POST",
                    tus,
                    null,
                    null,
                    Map.of(
                        "Tus-Resumable",
                        "1.0.0",
                        "Upload-Length",
                        "4",
                        "Upload-Metadata",
                        TUS_META))));
    r.put(
        "HEAD " + tus + "{id}",
        new Recipe(200, () -> new Req("HEAD", freshUpload(), null, null, v)));
    r.put(
        "PATCH " + tus + "{id}",
        new Recipe(204, () -> new Req("PATCH", freshUpload(), OCTETS, "ab".getBytes(), PIECE)));
    r.put(
        "POST " + tus + "{id}",
        new Recipe(
            204,
            () ->
                new Req(
                    "POST",
                    freshUpload(),
                    OCTETS,
                    "ab".getBytes(),
                    Map.of(
                        "Tus-Resumable",
                        "1.0.0",
                        "Upload-Offset",
                        "0",
                        "X-HTTP-Method-Override",
                        "PATCH"))));
    r.put(
        "DELETE " + tus + "{id}",
        new Recipe(204, () -> new Req("DELETE", freshUpload(), null, null, v)));
    r.put("GET " + tus + "{id}", new Recipe(200, () -> Req.of("GET", completedUpload())));

    r.put("GET " + asset, new Recipe(200, () -> Req.of("GET", asset)));
    r.put("GET " + asset + "filters", new Recipe(200, () -> Req.of("GET", asset + "filters")));
    r.put(
        "GET " + asset + "download",
        new Recipe(200, () -> Req.of("GET", asset + "download?id=" + assetId)));
    r.put(
        "HEAD " + asset + "download",
        new Recipe(200, () -> Req.of("HEAD", asset + "download?id=" + assetId)));
    r.put(
        "POST " + asset + "upload",
        new Recipe(
            201,
            () -> {
              String boundary = "b" + UUID.randomUUID();
              return new Req(
                  "POST",
                  asset + "upload?folder=" + folderId,
                  "multipart/form-data; boundary=" + boundary,
                  multipart(boundary, fresh() + ".txt", "uploaded"),
                  Map.of());
            }));
    r.put("GET " + asset + "{id}", new Recipe(200, () -> Req.of("GET", asset + assetId)));
    r.put(
        "PUT " + asset + "{id}",
        new Recipe(
            200,
            () ->
                Req.json(
                    "PUT", asset + assetId, Map.of("name", "matrix.txt", "folder", folderId))));
    r.put(
        "PATCH " + asset + "{id}",
        new Recipe(200, () -> Req.json("PATCH", asset + assetId, Map.of("description", "p"))));
    r.put(
        "DELETE " + asset + "{id}",
        new Recipe(204, () -> Req.of("DELETE", asset + upload(folderId, fresh()))));
    r.put(
        "GET " + asset + "{id}/shares",
        new Recipe(200, () -> Req.of("GET", asset + assetId + "/shares")));
    r.put(
        "GET " + asset + "{id}/preview",
        new Recipe(200, () -> Req.of("GET", asset + image + "/preview?w=16&h=16")));
    r.put(
        "HEAD " + asset + "{id}/preview",
        new Recipe(200, () -> Req.of("HEAD", asset + image + "/preview?w=16&h=16")));

    r.put("GET " + folder, new Recipe(200, () -> Req.of("GET", folder)));
    r.put(
        "POST " + folder, new Recipe(201, () -> Req.json("POST", folder, Map.of("name", fresh()))));
    r.put("GET " + folder + "filters", new Recipe(200, () -> Req.of("GET", folder + "filters")));
    r.put("GET " + folder + "{id}", new Recipe(200, () -> Req.of("GET", folder + folderId)));
    r.put(
        "PUT " + folder + "{id}",
        new Recipe(200, () -> Req.json("PUT", folder + folderId, Map.of("name", "Matrix"))));
    r.put(
        "PATCH " + folder + "{id}",
        new Recipe(200, () -> Req.json("PATCH", folder + folderId, Map.of("description", "p"))));
    r.put(
        "DELETE " + folder + "{id}",
        new Recipe(204, () -> Req.of("DELETE", folder + freshFolder())));
    r.put(
        "GET " + folder + "{id}/shares",
        new Recipe(200, () -> Req.of("GET", folder + folderId + "/shares")));
    r.put(
        "GET " + folder + "{id}/download",
        new Recipe(200, () -> Req.of("GET", folder + folderId + "/download")));
    r.put(
        "HEAD " + folder + "{id}/download",
        new Recipe(200, () -> Req.of("HEAD", folder + folderId + "/download")));
    String resolve = "/api/store/?url=" + Http.enc(asset + assetId);
    r.put("GET /api/store/", new Recipe(200, () -> Req.of("GET", resolve)));
    r.put("HEAD /api/store/", new Recipe(200, () -> Req.of("HEAD", resolve)));

    r.put("GET " + share, new Recipe(200, () -> Req.of("GET", share)));
    r.put(
        "POST " + share, new Recipe(201, () -> Req.json("POST", share, Map.of("asset", assetId))));
    r.put("GET " + share + "filters", new Recipe(200, () -> Req.of("GET", share + "filters")));
    r.put(
        "POST " + share + "get_access",
        new Recipe(
            200, () -> Req.json("POST", share + "get_access", Map.of("token", accessShareToken))));
    String access = share + "access/";
    r.put("GET " + access + "items", new Recipe(200, () -> Req.of("GET", access + "items")));
    r.put(
        "GET " + access + "download",
        new Recipe(200, () -> Req.of("GET", access + "download?id=" + sharedAsset)));
    r.put(
        "HEAD " + access + "download",
        new Recipe(200, () -> Req.of("HEAD", access + "download?id=" + sharedAsset)));
    r.put(
        "GET " + access + "preview",
        new Recipe(200, () -> Req.of("GET", access + "preview?id=" + sharedImage)));
    r.put(
        "HEAD " + access + "preview",
        new Recipe(200, () -> Req.of("HEAD", access + "preview?id=" + sharedImage)));
    r.put(
        "GET " + access + "folder/{id}/download",
        new Recipe(200, () -> Req.of("GET", access + "folder/" + sharedFolder + "/download")));
    r.put(
        "HEAD " + access + "folder/{id}/download",
        new Recipe(200, () -> Req.of("HEAD", access + "folder/" + sharedFolder + "/download")));
    r.put("GET " + share + "{id}", new Recipe(200, () -> Req.of("GET", share + editableShare)));
    r.put(
        "PUT " + share + "{id}",
        new Recipe(200, () -> Req.json("PUT", share + editableShare, Map.of("name", "put"))));
    r.put(
        "PATCH " + share + "{id}",
        new Recipe(200, () -> Req.json("PATCH", share + editableShare, Map.of("name", "p"))));
    r.put(
        "DELETE " + share + "{id}",
        new Recipe(
            204,
            () ->
                Req.of(
                    "DELETE", share + createShare(Map.of("asset", assetId)).get("id").asText())));
    r.put(
        "GET " + share + "{id}/download",
        new Recipe(200, () -> Req.of("GET", share + editableShare + "/download")));
    r.put(
        "HEAD " + share + "{id}/download",
        new Recipe(200, () -> Req.of("HEAD", share + editableShare + "/download")));
    r.put(
        "POST " + share + "{id}/email",
        new Recipe(
            503, // permitted, but this server has no SMTP
            () ->
                Req.json(
                    "POST",
                    share + editableShare + "/email",
                    Map.of("recipients", List.of("a@example.com")))));
    r.put("GET /s/{token}", new Recipe(200, () -> Req.of("GET", "/s/" + accessShareToken)));
    r.put("GET /s-static/{file}", new Recipe(200, () -> Req.of("GET", "/s-static/share.js")));

    String keys = "/api/admin/api-keys/";
    r.put("GET " + keys, new Recipe(200, () -> Req.of("GET", keys)));
    r.put(
        "POST " + keys,
        new Recipe(
            201, () -> Req.json("POST", keys, Map.of("label", "made", "scopes", List.of()))));
    r.put("GET " + keys + "filters", new Recipe(200, () -> Req.of("GET", keys + "filters")));
    r.put("GET " + keys + "{id}", new Recipe(200, () -> Req.of("GET", keys + freshKeyId())));
    r.put("DELETE " + keys + "{id}", new Recipe(204, () -> Req.of("DELETE", keys + freshKeyId())));

    r.put("POST /api/login/access-token", new Recipe(200, AccessMatrixTest::loginForm));
    r.put(
        "POST /api/login/refresh-token",
        new Recipe(
            200,
            () -> {
              Resp login = send(loginForm(), Map.of());
              assertThat(login.status()).isEqualTo(200);
              String cookie = Logins.cookieValue(login.header("Set-Cookie"));
              return new Req(
                  "POST",
                  "/api/login/refresh-token",
                  null,
                  null,
                  Map.of("Cookie", Logins.COOKIE + "=" + cookie));
            }));
    String users = "/api/admin/users/";
    r.put("GET " + users, new Recipe(200, () -> Req.of("GET", users)));
    r.put(
        "POST " + users,
        new Recipe(
            201,
            () ->
                Req.json(
                    "POST",
                    users,
                    Map.of("username", fresh(), "password", PASSWORD, "scopes", List.of()))));
    r.put("GET " + users + "filters", new Recipe(200, () -> Req.of("GET", users + "filters")));
    r.put("GET " + users + "{id}", new Recipe(200, () -> Req.of("GET", users + freshUserId())));
    r.put(
        "PATCH " + users + "{id}",
        new Recipe(
            200, () -> Req.json("PATCH", users + freshUserId(), Map.of("email", "a@b.example"))));
    r.put(
        "DELETE " + users + "{id}", new Recipe(204, () -> Req.of("DELETE", users + freshUserId())));
    return r;
  }

  // ---------------------------------------------------------------- the document's operations

  /** An operation as the document declares it. */
  record Operation(String method, String path, String security, String scope) {
    String key() {
      return method + " " + path;
    }
  }

  static List<Operation> operations() {
    List<Operation> out = new ArrayList<>();
    Set<String> methods = Set.of("get", "put", "post", "delete", "patch", "head");
    doc.get("paths")
        .properties()
        .forEach(
            p ->
                p.getValue()
                    .properties()
                    .forEach(
                        m -> {
                          if (!methods.contains(m.getKey())) {
                            return;
                          }
                          JsonNode op = m.getValue();
                          JsonNode sec = op.path("security");
                          String security =
                              sec.isEmpty()
                                  ? "public"
                                  : sec.get(0).has("ShareAccessToken") ? "access" : "owner";
                          String scope =
                              op.has("x-required-scope")
                                  ? op.get("x-required-scope").asText()
                                  : null;
                          out.add(
                              new Operation(
                                  m.getKey().toUpperCase(java.util.Locale.ROOT),
                                  p.getKey(),
                                  security,
                                  scope));
                        }));
    return out;
  }

  // ---------------------------------------------------------------- sending

  static Map<String, String> credentials(Kind kind, Operation op) {
    String scope = op.scope() == null ? "store:read" : op.scope();
    return switch (kind) {
      case NONE -> Map.of();
      case EXPIRED_KEY -> Map.of("X-API-Key", expiredKey);
      case DELETED_KEY -> Map.of("X-API-Key", deletedKey);
      case KEY_WITHOUT_SCOPE -> Map.of("X-API-Key", keyWithout.get(scope));
      case TOKEN_WITHOUT_SCOPE -> Map.of("Authorization", "Bearer " + tokenWithout.get(scope));
      case SHARE_TOKEN -> Map.of("Authorization", "Bearer " + accessToken);
      case ADMIN -> Map.of("X-API-Key", TestServer.ADMIN_KEY);
    };
  }

  static Resp send(Req req, Map<String, String> creds) {
    Http anon = admin.as(null);
    HttpRequest.Builder b =
        anon.request(req.path())
            .method(
                req.method(),
                req.body() == null
                    ? BodyPublishers.noBody()
                    : BodyPublishers.ofByteArray(req.body()));
    if (req.contentType() != null) {
      b.header("Content-Type", req.contentType());
    }
    req.headers().forEach(b::header);
    creds.forEach(b::header);
    return anon.send(b.build());
  }

  /** The contract's answer for this kind of caller on this operation. */
  static int expected(Operation op, Kind kind, int ok) {
    return switch (op.security()) {
      case "public" -> ok; // credentials are ignored where none are needed
      case "access" -> kind == Kind.SHARE_TOKEN ? ok : 401;
      default ->
          switch (kind) {
            case NONE, EXPIRED_KEY, DELETED_KEY, SHARE_TOKEN -> 401;
            case KEY_WITHOUT_SCOPE, TOKEN_WITHOUT_SCOPE -> 403;
            case ADMIN -> ok;
          };
    };
  }

  @Test
  void everyOperationHasARecipeAndEveryRecipeAnOperation() {
    Set<String> documented = new TreeSet<>();
    operations().forEach(o -> documented.add(o.key()));
    assertThat(documented).hasSizeGreaterThan(50);
    assertThat(recipes().keySet())
        .as("operations in the OpenAPI document without a row in this matrix")
        .containsAll(documented);
    assertThat(documented)
        .as("rows for operations the document lacks")
        .containsAll(recipes().keySet());
  }

  @Test
  void everyOperationTimesEveryCredentialKind() {
    Map<String, Recipe> recipes = recipes();
    List<String> failures = new ArrayList<>();
    int cells = 0;
    for (Operation op : operations()) {
      Recipe recipe = recipes.get(op.key());
      if (recipe == null) {
        continue; // reported by the test above
      }
      if (op.security().equals("owner")) {
        assertThat(op.scope()).as(op.key() + " names its scope").isIn(SCOPES);
      }
      for (Kind kind : Kind.values()) {
        int want = expected(op, kind, recipe.ok());
        Resp r = send(recipe.request().get(), credentials(kind, op));
        cells++;
        if (r.status() != want) {
          failures.add(
              op.key() + " × " + kind + ": " + r.status() + " (want " + want + ") " + r.text());
          continue;
        }
        boolean hasBody = !op.method().equals("HEAD");
        if (want == 401) {
          if (r.header("WWW-Authenticate") == null) {
            failures.add(op.key() + " × " + kind + ": 401 without WWW-Authenticate");
          }
          if (hasBody && !r.json().path("detail").isTextual()) {
            failures.add(op.key() + " × " + kind + ": 401 without a detail");
          }
        }
        if (want == 403 && hasBody && !r.json().path("detail").asText().contains(op.scope())) {
          failures.add(op.key() + " × " + kind + ": 403 does not name " + op.scope());
        }
      }
    }
    assertThat(failures).as("cells that answered differently from the contract").isEmpty();
    assertThat(cells).isEqualTo(operations().size() * Kind.values().length);
  }

  // ---------------------------------------------------------------- share token subtrees

  static Resp withToken(String token, String path) {
    return send(Req.of("GET", path), Map.of("Authorization", "Bearer " + token));
  }

  /**
   * A share access token reads its own subtree and nothing else: not the shared folder's parent or
   * siblings, not another share's content, not a nested share's parent, not other assets — and what
   * lies outside answers exactly like an id that does not exist.
   */
  @Test
  void shareTokensCannotReadOutsideTheirSubtree() {
    String top = server.createFolder("Top", null);
    String shared = server.createFolder("Shared", top);
    String deep = server.createFolder("Deep", shared);
    String sibling = server.createFolder("Sibling", top);
    String topAsset = upload(top, "top.txt");
    String inAsset = upload(shared, "in.txt");
    String deepAsset = upload(deep, "deep.txt");
    String siblingAsset = upload(sibling, "sib.txt");
    String rootAsset = upload(null, "root-" + fresh() + ".txt");
    String tShared = redeem(createShare(Map.of("folder", shared)).get("token").asText());
    String tSibling = redeem(createShare(Map.of("folder", sibling)).get("token").asText());
    String tDeep = redeem(createShare(Map.of("folder", deep)).get("token").asText());
    String tAsset = redeem(createShare(Map.of("asset", topAsset)).get("token").asText());
    String items = "/api/share/access/items";
    String download = "/api/share/access/download?id=";
    String folderZip = "/api/share/access/folder/";
    String preview = "/api/share/access/preview?id=";
    String missing = UUID.randomUUID().toString();

    // Inside: readable.
    assertThat(withToken(tShared, items).status()).isEqualTo(200);
    assertThat(withToken(tShared, items + "?folder=" + deep).status()).isEqualTo(200);
    assertThat(withToken(tShared, download + inAsset).status()).isEqualTo(200);
    assertThat(withToken(tShared, download + deepAsset).status()).isEqualTo(200);
    assertThat(withToken(tShared, download + inAsset + "&id=" + deepAsset).status()).isEqualTo(200);
    assertThat(withToken(tShared, folderZip + deep + "/download").status()).isEqualTo(200);
    assertThat(withToken(tAsset, download + topAsset).status()).isEqualTo(200);
    assertThat(withToken(tAsset, items).json().get("items")).hasSize(1);
    String deepImage;
    String topImage;
    try {
      deepImage = uploadPng(deep, "deep.png");
      topImage = uploadPng(top, "top.png");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(withToken(tShared, preview + deepImage).status()).isEqualTo(200);
    Resp missingPreview = withToken(tShared, preview + missing);
    assertThat(missingPreview.status()).isEqualTo(404);
    for (String[] tp :
        new String[][] {
          {tShared, topImage}, {tSibling, deepImage}, {tAsset, deepImage}, {tDeep, topImage}
        }) {
      Resp r = withToken(tp[0], preview + tp[1]);
      assertThat(r.status()).as("preview outside the share").isEqualTo(404);
      assertThat(r.text()).isEqualTo(missingPreview.text());
    }

    Resp missingItems = withToken(tShared, items + "?folder=" + missing);
    Resp missingAsset = withToken(tShared, download + missing);
    Resp missingZip = withToken(tShared, folderZip + missing + "/download");
    assertThat(List.of(missingItems.status(), missingAsset.status(), missingZip.status()))
        .containsOnly(404);
    Map<String, List<String>> outside = new LinkedHashMap<>();
    outside.put(
        tShared,
        List.of(
            items + "?folder=" + top,
            items + "?folder=" + sibling,
            download + topAsset,
            download + siblingAsset,
            download + rootAsset,
            download + inAsset + "&id=" + siblingAsset,
            folderZip + top + "/download",
            folderZip + sibling + "/download"));
    outside.put(
        tDeep,
        List.of(items + "?folder=" + shared, download + inAsset, folderZip + shared + "/download"));
    outside.put(
        tSibling,
        List.of(items + "?folder=" + shared, download + inAsset, folderZip + shared + "/download"));
    outside.put(
        tAsset,
        List.of(
            items + "?folder=" + top,
            download + inAsset,
            download + topAsset + "&id=" + siblingAsset,
            folderZip + top + "/download"));
    for (var e : outside.entrySet()) {
      for (String path : e.getValue()) {
        Resp r = withToken(e.getKey(), path);
        Resp like =
            path.startsWith(items)
                ? missingItems
                : path.startsWith(download) ? missingAsset : missingZip;
        assertThat(r.status()).as(path).isEqualTo(404);
        assertThat(r.text()).as("%s answers like a missing id", path).isEqualTo(like.text());
      }
    }
  }
}
