package dev.assetstore.http.folders;

import static dev.assetstore.http.folders.Folders.createId;
import static dev.assetstore.http.folders.Folders.encodePath;
import static dev.assetstore.http.folders.Folders.loc;
import static dev.assetstore.http.folders.Folders.upload;
import static dev.assetstore.support.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.TestServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/store/?url=…}: every URL form of API.md §7, as JSON and as bytes. */
class ResolveStoreUrlTest {
  static TestServer server;
  static Http http;
  static String folderId; // /Brand Assets/été 2026
  static String parentId; // /Brand Assets
  static String assetId; // /Brand Assets/été 2026/logo final.png
  static byte[] logo;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http;
    parentId = createId(http, "Brand Assets", null);
    folderId = createId(http, "\u00e9t\u00e9 2026", parentId);
    logo = new byte[10_000];
    for (int i = 0; i < logo.length; i++) {
      logo[i] = (byte) (i * 7);
    }
    assetId = upload(http, folderId, "logo final.png", logo).get("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Http.Resp resolve(String url, String extra) {
    return http.get("/api/store/?url=" + enc(url) + extra);
  }

  static JsonNode resolved(String url) {
    var r = resolve(url, "");
    assertThat(r.status()).as("%s → %s", url, r.text()).isEqualTo(200);
    return r.json();
  }

  static void assertResolves(String url, String type, String id) {
    JsonNode j = resolved(url);
    assertThat(j.get("type").asText()).as(url).isEqualTo(type);
    assertThat(j.get("id").asText()).as(url).isEqualTo(id);
  }

  @Test
  void permalinksWithAndWithoutSchemeAndHost() {
    String base = "http://127.0.0.1:" + server.port();
    for (String prefix :
        List.of(
            "",
            base,
            "https://assets.example.com",
            "http://example.com:8443",
            "assets.example.com",
            "localhost:8080")) {
      assertResolves(prefix + "/api/store/asset/" + assetId, "asset", assetId);
      assertResolves(prefix + "/api/store/asset/" + assetId + "/", "asset", assetId);
      assertResolves(prefix + "/api/store/folder/" + folderId, "folder", folderId);
      assertResolves(prefix + "/api/store/folder/" + folderId + "/", "folder", folderId);
      assertResolves(prefix + "/api/store/asset/download?id=" + assetId, "asset", assetId);
      assertResolves(
          prefix + "/api/store/asset/download?inline=true&id=" + assetId, "asset", assetId);
    }
    assertResolves("/api/store/asset/" + assetId.toUpperCase(), "asset", assetId);
    assertResolves("  /api/store/folder/" + folderId + "  ", "folder", folderId);
    assertResolves("/api/store/asset/download/?id=" + assetId, "asset", assetId);
    // the resolver works with or without the collection slash
    var noSlash = http.get("/api/store?url=" + enc("/api/store/folder/" + folderId));
    assertThat(noSlash.status()).isEqualTo(200);
    assertThat(noSlash.json().get("id").asText()).isEqualTo(folderId);
  }

  @Test
  void recordsAreFullReadViewsWithHydration() {
    JsonNode a = resolved("/api/store/asset/" + assetId);
    assertThat(a.get("path").asText()).isEqualTo("/Brand Assets/\u00e9t\u00e9 2026/logo final.png");
    assertThat(a.get("folder").get("id").asText()).isEqualTo(folderId);
    assertThat(a.get("download_url").asText()).isEqualTo("/api/store/asset/download?id=" + assetId);
    assertThat(a.get("size").asLong()).isEqualTo(logo.length);
    JsonNode f = resolved("/api/store/folder/" + folderId);
    assertThat(f.get("parent").get("id").asText()).isEqualTo(parentId);
    assertThat(f.get("path").asText()).isEqualTo("/Brand Assets/\u00e9t\u00e9 2026");
    var plainA = resolve("/api/store/asset/" + assetId, "&hydrate=false").json();
    assertThat(plainA.get("folder").asText()).isEqualTo(folderId);
    var plainF = resolve("/api/store/folder/" + folderId, "&hydrate=false&as_json=true").json();
    assertThat(plainF.get("parent").asText()).isEqualTo(parentId);
    assertThat(plainF.get("created_by").isTextual()).isTrue();
  }

  @Test
  void storePathsWithPercentEncodedSegments() {
    assertResolves("/store/Brand%20Assets", "folder", parentId);
    assertResolves("/store/Brand%20Assets/", "folder", parentId);
    assertResolves("/store/Brand%20Assets/%C3%A9t%C3%A9%202026", "folder", folderId);
    assertResolves("/store/Brand%20Assets/%C3%A9t%C3%A9%202026/logo%20final.png", "asset", assetId);
    // NFD-encoded input finds the NFC-stored name
    assertResolves("/store/Brand%20Assets/e%CC%81te%CC%81%202026", "folder", folderId);
    // unencoded non-ASCII and spaces in a bare path are taken literally
    assertResolves("/store/Brand Assets/\u00e9t\u00e9 2026/logo final.png", "asset", assetId);
    for (String prefix :
        List.of("http://127.0.0.1:" + server.port(), "https://assets.example.com", "example.com")) {
      assertResolves(
          prefix + "/store/Brand%20Assets/%C3%A9t%C3%A9%202026/logo%20final.png", "asset", assetId);
      var root = resolved(prefix + "/store/");
      assertThat(root.get("type").asText()).isEqualTo("root");
    }
    // a query on a path URL is ignored
    assertResolves("/store/Brand%20Assets?x=1", "folder", parentId);
  }

  @Test
  void storeRootResolvesToRoot() {
    for (String url : List.of("/store/", "/store", "http://example.com/store/")) {
      var r = resolve(url, "");
      assertThat(r.status()).as(url).isEqualTo(200);
      assertThat(r.json()).isEqualTo(Http.JSON.valueToTree(Map.of("type", "root", "path", "/")));
    }
    var r = resolve("/store/", "&as_json=false");
    assertThat(loc(r)).isEqualTo("query.as_json");
  }

  @Test
  void plusIsLiteralAndSpecialCharactersRoundTrip() {
    String p = createId(http, "a+b", null);
    assertResolves("/store/a+b", "folder", p);
    assertResolves("/store/a%2Bb", "folder", p);
    assertThat(resolve("/store/a%20b", "").status()).isEqualTo(404);
    String q = createId(http, "50% off? #1 & co;", null);
    assertResolves("/store" + encodePath("/50% off? #1 & co;"), "folder", q);
  }

  @Test
  void folderWinsOverAssetOfTheSameName() {
    // ambiguity decided by the code: a folder and an asset named alike in one parent → folder
    String p = createId(http, "Same", null);
    String sub = createId(http, "name", p);
    String a = upload(http, p, "name", "asset".getBytes()).get("id").asText();
    assertResolves("/store/Same/name", "folder", sub);
    // the asset still resolves by its permalink
    assertResolves("/api/store/asset/" + a, "asset", a);
  }

  @Test
  void nothingThereIs404() {
    for (String url :
        List.of(
            "/api/store/asset/" + UUID.randomUUID(),
            "/api/store/folder/" + UUID.randomUUID(),
            "/api/store/asset/download?id=" + UUID.randomUUID(),
            "/api/store/asset/" + folderId, // a folder id is not an asset
            "/api/store/folder/" + assetId,
            "/store/Nope",
            "/store/Brand%20Assets/nope.png",
            "/store/Nope/logo%20final.png",
            "/store/Brand%20Assets/%C3%A9t%C3%A9%202026/logo%20final.png/deeper",
            "/store/brand%20assets", // case-sensitive
            "/store/Brand%20Assets/logo%20final.png" // wrong folder
            )) {
      var r = resolve(url, "");
      assertThat(r.status()).as(url).isEqualTo(404);
      assertThat(r.json().get("detail").isTextual()).isTrue();
    }
    assertThat(resolve("/api/store/asset/" + UUID.randomUUID(), "&as_json=false").status())
        .isEqualTo(404);
  }

  @Test
  void junkIs422() {
    for (String url :
        List.of(
            "hello",
            "/",
            "/foo/bar",
            "/api/store/asset/",
            "/api/store/asset/not-a-uuid",
            "/api/store/asset/" + assetId + "/shares",
            "/api/store/folder/" + folderId + "/download",
            "/api/store/asset/download",
            "/api/store/asset/download?x=1",
            "/api/store/asset/download?id=" + assetId + "&id=" + assetId,
            "/stores/x",
            "/store//x",
            "/store/a%2Fb",
            "/store/%ZZ",
            "/store/..",
            "/store/Brand%20Assets/%2E",
            "ftp://",
            "http://exa mple.com/store/")) {
      var r = resolve(url, "");
      assertThat(r.status()).as("%s → %s", url, r.text()).isEqualTo(422);
      assertThat(r.json().get("detail").get(0).get("loc").toString()).contains("url");
    }
    assertThat(loc(http.get("/api/store/"))).isEqualTo("query.url");
    assertThat(loc(http.get("/api/store/?url="))).isEqualTo("query.url");
    assertThat(loc(resolve("/store/", "&as_json=perhaps"))).isEqualTo("query.as_json");
    assertThat(loc(resolve("/store/", "&hydrate=perhaps"))).isEqualTo("query.hydrate");
  }

  @Test
  void asJsonFalseStreamsTheAssetLikeDownload() {
    var direct = http.get("/api/store/asset/download?id=" + assetId);
    for (String url :
        List.of(
            "/api/store/asset/" + assetId,
            "/api/store/asset/download?id=" + assetId,
            "/store/Brand%20Assets/%C3%A9t%C3%A9%202026/logo%20final.png")) {
      var r = resolve(url, "&as_json=false");
      assertThat(r.status()).as(url).isEqualTo(200);
      assertThat(r.body()).isEqualTo(logo);
      for (String h :
          List.of(
              "Content-Type",
              "Content-Length",
              "Content-Disposition",
              "ETag",
              "Last-Modified",
              "Accept-Ranges",
              "Repr-Digest")) {
        assertThat(r.header(h)).as(h).isNotNull().isEqualTo(direct.header(h));
      }
    }
    String url = "/api/store/?url=" + enc("/api/store/asset/" + assetId) + "&as_json=false";
    var range = http.get(url, "Range", "bytes=100-199");
    assertThat(range.status()).isEqualTo(206);
    assertThat(range.header("Content-Range")).isEqualTo("bytes 100-199/" + logo.length);
    assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(logo, 100, 200));
    var suffix = http.get(url, "Range", "bytes=-10");
    assertThat(suffix.status()).isEqualTo(206);
    assertThat(suffix.body())
        .isEqualTo(java.util.Arrays.copyOfRange(logo, logo.length - 10, logo.length));
    var bad = send(url, "bytes=20000-30000");
    assertThat(bad.status()).isEqualTo(416);
    assertThat(bad.header("Content-Range")).isEqualTo("bytes */" + logo.length);
    var notModified = http.get(url, "If-None-Match", direct.header("ETag"));
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    var head = http.head(url);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(logo.length));
    assertThat(head.body()).isEmpty();
  }

  /** A ranged GET with a short timeout, so a hanging response fails fast instead of at 120 s. */
  static Http.Resp send(String path, String range) {
    return http.send(
        http.request(path)
            .timeout(java.time.Duration.ofSeconds(10))
            .header("Range", range)
            .GET()
            .build());
  }

  @Test
  void asJsonFalseStreamsTheFolderZip() throws Exception {
    var r = resolve("/store/Brand%20Assets", "&as_json=false");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/zip");
    assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(r.body().length));
    var direct = http.get("/api/store/folder/" + parentId + "/download");
    assertThat(r.body().length).isEqualTo(direct.body().length);
    dev.assetstore.support.StrictZip.check(r.body());
    List<String> names = new ArrayList<>();
    try (var in = new ZipInputStream(new ByteArrayInputStream(r.body()), StandardCharsets.UTF_8)) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        names.add(e.getName());
        byte[] b = in.readAllBytes();
        if (e.getName().endsWith("logo final.png")) {
          assertThat(b).isEqualTo(logo);
        }
      }
    }
    assertThat(names).contains("Brand Assets/\u00e9t\u00e9 2026/logo final.png");
    var byId = resolve("/api/store/folder/" + folderId, "&as_json=false");
    assertThat(byId.status()).isEqualTo(200);
    assertThat(byId.header("Content-Type")).isEqualTo("application/zip");
  }

  @Test
  void pathsFollowMovesRenamesAndDeletes() {
    String a = createId(http, "Mv A", null);
    String b = createId(http, "Mv B", a);
    String f = upload(http, b, "f.txt", "f".getBytes()).get("id").asText();
    assertResolves("/store/Mv%20A/Mv%20B/f.txt", "asset", f);
    String c = createId(http, "Mv C", null);
    assertThat(http.json("PATCH", "/api/store/folder/" + b, Map.of("parent", c)).status())
        .isEqualTo(200);
    assertThat(resolve("/store/Mv%20A/Mv%20B/f.txt", "").status()).isEqualTo(404);
    assertResolves("/store/Mv%20C/Mv%20B/f.txt", "asset", f);
    assertThat(http.json("PATCH", "/api/store/folder/" + c, Map.of("name", "Mv D")).status())
        .isEqualTo(200);
    assertThat(resolve("/store/Mv%20C/Mv%20B", "").status()).isEqualTo(404);
    assertResolves("/store/Mv%20D/Mv%20B/f.txt", "asset", f);
    assertResolves("/store/Mv%20D/Mv%20B", "folder", b);
    assertThat(http.delete("/api/store/folder/" + c + "?recursive=true").status()).isEqualTo(204);
    for (String url :
        List.of(
            "/store/Mv%20D/Mv%20B/f.txt",
            "/store/Mv%20D",
            "/api/store/asset/" + f,
            "/api/store/asset/download?id=" + f,
            "/api/store/folder/" + b)) {
      assertThat(resolve(url, "").status()).as(url).isEqualTo(404);
    }
    assertResolves("/store/Mv%20A", "folder", a);
  }

  @Test
  void everyRecordRoundTripsThroughItsUrlsAndPath() {
    // a varied tree: spaces, non-ASCII, non-BMP, '+', '%', '?', '#', ';', quotes
    String t = createId(http, "Round trip", null);
    String u = createId(http, "\u00fcber \uD83D\uDE80", t);
    String v = createId(http, "100% \"q\" ?#;=&", u);
    String w = createId(http, "a+b c", v);
    String[] folders = {t, u, v, w};
    String[] names = {"plain.txt", "sp ace.txt", "\u65e5\u672c\u8a9e.txt", "50%+?#.txt", "'quote'"};
    int i = 0;
    for (String f : folders) {
      for (String n : names) {
        upload(http, f, n, ("r" + i++).getBytes());
      }
    }
    upload(http, null, "root level file.txt", "root".getBytes());
    int checked = 0;
    for (JsonNode f : http.walk("/api/store/folder/?limit=250")) {
      String id = f.get("id").asText();
      assertResolves(f.get("url").asText(), "folder", id);
      assertResolves("/store" + encodePath(f.get("path").asText()), "folder", id);
      assertResolves(http.base + f.get("url").asText(), "folder", id);
      checked++;
    }
    for (JsonNode a : http.walk("/api/store/asset/?limit=250")) {
      String id = a.get("id").asText();
      assertResolves(a.get("url").asText(), "asset", id);
      assertResolves(a.get("download_url").asText(), "asset", id);
      assertResolves(http.base + a.get("download_url").asText(), "asset", id);
      String path = a.get("path").asText();
      if (!path.equals("/Same/name")) { // shadowed by the folder of the same name
        assertResolves("/store" + encodePath(path), "asset", id);
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(30);
  }
}
