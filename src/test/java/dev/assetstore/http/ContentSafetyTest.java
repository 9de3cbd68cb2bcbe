package dev.assetstore.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.Logins;
import dev.assetstore.support.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Downloads cannot run uploaded content in our origin: every content type × every kind of caller ×
 * the {@code inline} flag, checking {@code Content-Disposition}, the sandbox policy on active types
 * and {@code nosniff} on every download response (200, 206, HEAD, 304, 416, ZIP).
 */
class ContentSafetyTest {
  static final String SANDBOX =
      "sandbox; default-src 'none'; img-src data:; media-src data:; style-src 'unsafe-inline'";
  static final List<String> ACTIVE =
      List.of(
          "text/html",
          "text/html; charset=utf-8",
          "TEXT/HTML",
          "image/svg+xml",
          "application/xml",
          "text/xml",
          "application/xhtml+xml",
          "application/rss+xml",
          "application/vnd.example+xml",
          "text/xsl");
  static final List<String> PASSIVE =
      List.of(
          "image/png",
          "text/plain",
          "application/pdf",
          "application/javascript",
          "application/json",
          "text/css",
          "video/mp4");

  static TestServer server;
  static Http admin;
  static String folderId;
  static final Map<String, String> idByType = new LinkedHashMap<>();
  static String userToken;
  static String accessToken;
  static String folderShareId;

  /** Who asks, and through which endpoint; {@code owner} callers may get active types inline. */
  record Caller(
      String name, boolean owner, String pathFormat, String key, String bearer, String query) {
    String path(String assetId, String extra) {
      String p = pathFormat.formatted(assetId) + extra;
      return query == null ? p : p + "&access_token=" + Http.enc(query);
    }
  }

  static List<Caller> callers;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.http.http11();
    folderId = server.createFolder("Types", null);
    List<String> all = new ArrayList<>(ACTIVE);
    all.addAll(PASSIVE);
    for (int i = 0; i < all.size(); i++) {
      String type = all.get(i);
      Resp r =
          admin.upload(
              "?folder=" + folderId,
              "file-" + i,
              type,
              BodyPublishers.ofString("<b>content " + i + "</b>"),
              Map.of(),
              Map.of());
      assertThat(r.status()).as(r.text()).isEqualTo(201);
      idByType.put(type, r.json().get("id").asText());
    }
    Logins.createUser(admin, "reader", "reader-password", "store:read");
    userToken = Logins.session(admin, "reader", "reader-password").accessToken();
    Resp share = admin.json("POST", "/api/share/", Map.of("folder", folderId));
    assertThat(share.status()).isEqualTo(201);
    folderShareId = share.json().get("id").asText();
    Resp grant =
        admin
            .as(null)
            .json(
                "POST",
                "/api/share/get_access",
                Map.of("token", share.json().get("token").asText()));
    assertThat(grant.status()).isEqualTo(200);
    accessToken = grant.json().get("access_token").asText();
    String readKey = admin.createKey("store:read");
    callers =
        List.of(
            new Caller("api key", true, "/api/store/asset/download?id=%s", readKey, null, null),
            new Caller(
                "user token", true, "/api/store/asset/download?id=%s", null, userToken, null),
            new Caller(
                "resolver",
                true,
                "/api/store/?as_json=false&url=%%2Fapi%%2Fstore%%2Fasset%%2F%s",
                readKey,
                null,
                null),
            new Caller(
                "share token (bearer)",
                false,
                "/api/share/access/download?id=%s",
                null,
                accessToken,
                null),
            new Caller(
                "share token (query)",
                false,
                "/api/share/access/download?id=%s",
                null,
                null,
                accessToken));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Resp send(Caller c, String method, String path, String... headers) {
    Http client = admin.as(c.key());
    HttpRequest.Builder b = client.request(path).method(method, BodyPublishers.noBody());
    if (c.bearer() != null) {
      b.header("Authorization", "Bearer " + c.bearer());
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build());
  }

  @Test
  void everyTypeEveryCallerEveryInlineFlag() {
    int checked = 0;
    for (var e : idByType.entrySet()) {
      String type = e.getKey();
      boolean active = ACTIVE.contains(type);
      for (Caller c : callers) {
        for (String flag : new String[] {null, "true", "false"}) {
          String extra = flag == null ? "" : "&inline=" + flag;
          Resp r = send(c, "GET", c.path(e.getValue(), extra));
          String what = type + " / " + c.name() + " / inline=" + flag;
          assertThat(r.status()).as(what + ": " + r.text()).isEqualTo(200);
          assertThat(r.header("Content-Type")).as(what).isEqualTo(normalised(type));
          assertThat(r.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
          boolean inline = "true".equals(flag) && (!active || c.owner());
          assertThat(r.header("Content-Disposition"))
              .as(what)
              .startsWith(inline ? "inline;" : "attachment;");
          if (active) {
            assertThat(r.header("Content-Security-Policy")).as(what).isEqualTo(SANDBOX);
          } else {
            assertThat(r.header("Content-Security-Policy")).as(what).isNull();
          }
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo((ACTIVE.size() + PASSIVE.size()) * callers.size() * 3);
  }

  /** How the server spells a stored type (parameters kept, lower-case base). */
  static String normalised(String type) {
    return admin.get("/api/store/asset/" + idByType.get(type)).json().get("content_type").asText();
  }

  @Test
  void headRangeConditionalAndRefusedRangeAllCarryNosniff() {
    String html = idByType.get("text/html");
    for (Caller c : callers) {
      String path = c.path(html, "&inline=true");
      Resp head = send(c, "HEAD", path);
      Resp range = send(c, "GET", path, "Range", "bytes=0-3");
      String etag = send(c, "GET", path).header("ETag");
      Resp notModified = send(c, "GET", path, "If-None-Match", etag);
      Resp unsatisfiable = send(c, "GET", path, "Range", "bytes=9999-");
      assertThat(List.of(head.status(), range.status(), notModified.status()))
          .as(c.name())
          .containsExactly(200, 206, 304);
      assertThat(unsatisfiable.status()).as(c.name()).isEqualTo(416);
      for (Resp r : List.of(head, range, notModified, unsatisfiable)) {
        assertThat(r.header("X-Content-Type-Options")).as(c.name()).isEqualTo("nosniff");
        assertThat(r.header("Content-Security-Policy")).as(c.name()).isEqualTo(SANDBOX);
      }
      for (Resp r : List.of(head, range)) {
        assertThat(r.header("Content-Disposition"))
            .as(c.name())
            .startsWith(c.owner() ? "inline;" : "attachment;");
      }
    }
  }

  @Test
  void archivesCarryNosniffAndAreAttachments() {
    String ids = "id=" + String.join("&id=", idByType.values());
    Caller key = callers.getFirst();
    Caller recipient = callers.get(3);
    List<Resp> zips =
        List.of(
            send(key, "GET", "/api/store/asset/download?inline=true&" + ids),
            send(key, "GET", "/api/store/folder/" + folderId + "/download?inline=true"),
            send(key, "GET", "/api/share/" + folderShareId + "/download?inline=true"),
            send(recipient, "GET", "/api/share/access/download?inline=true&" + ids),
            send(recipient, "GET", "/api/share/access/folder/" + folderId + "/download"),
            send(recipient, "HEAD", "/api/share/access/folder/" + folderId + "/download"));
    for (Resp r : zips) {
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      assertThat(r.header("Content-Type")).isEqualTo("application/zip");
      assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(r.header("Content-Disposition")).startsWith("attachment;");
    }
  }

  /** A download is never a script, style sheet or worker, whoever asks for it. */
  @Test
  void downloadsRefuseToBeLoadedAsCode() {
    String js = idByType.get("application/javascript");
    String ids = "id=" + String.join("&id=", idByType.values());
    for (Caller c : callers) {
      for (String dest : List.of("document", "empty", "image", "iframe")) {
        Resp r = send(c, "GET", c.path(js, ""), "Sec-Fetch-Dest", dest);
        assertThat(r.status()).as(c.name() + " " + dest).isEqualTo(200);
      }
    }
    int before = settledShareDownloads();
    for (Caller c : callers) {
      for (String dest : List.of("script", "style", "worker", "serviceworker", "Script")) {
        Resp r = send(c, "GET", c.path(js, ""), "Sec-Fetch-Dest", dest);
        assertThat(r.status()).as(c.name() + " " + dest).isEqualTo(403);
        assertThat(r.json().get("detail").asText()).contains("script");
      }
    }
    Caller key = callers.getFirst();
    Caller recipient = callers.get(3);
    for (Resp r :
        List.of(
            send(recipient, "GET", "/api/share/access/download?" + ids, "Sec-Fetch-Dest", "script"),
            send(
                recipient,
                "GET",
                "/api/share/access/folder/" + folderId + "/download",
                "Sec-Fetch-Dest",
                "script"),
            send(key, "GET", "/api/store/asset/download?" + ids, "Sec-Fetch-Dest", "script"),
            send(
                key,
                "GET",
                "/api/store/folder/" + folderId + "/download",
                "Sec-Fetch-Dest",
                "style"))) {
      assertThat(r.status()).isEqualTo(403);
    }
    // A refused load is not a download: the share's count does not move.
    assertThat(settledShareDownloads()).isEqualTo(before);
  }

  /** Completed downloads are counted just after their last byte: wait until the count rests. */
  static int settledShareDownloads() {
    int last = shareDownloads();
    for (int i = 0; i < 50; i++) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      int now = shareDownloads();
      if (now == last) {
        return now;
      }
      last = now;
    }
    return last;
  }

  static int shareDownloads() {
    return admin
        .get("/api/share/" + folderShareId)
        .json()
        .get("statistics")
        .get("downloads")
        .asInt();
  }

  @Test
  void theSharePageForbidsInlineScript() {
    Resp share = admin.json("POST", "/api/share/", Map.of("folder", folderId));
    Resp page = admin.as(null).get("/s/" + share.json().get("token").asText());
    assertThat(page.status()).isEqualTo(200);
    String csp = page.header("Content-Security-Policy");
    Map<String, String> directives = new LinkedHashMap<>();
    for (String d : csp.split(";")) {
      String[] kv = d.trim().split("\\s+", 2);
      directives.put(kv[0], kv.length > 1 ? kv[1] : "");
    }
    assertThat(directives.get("default-src")).isEqualTo("'none'");
    assertThat(directives.get("script-src")).isEqualTo("'self'");
    assertThat(directives.get("base-uri")).isEqualTo("'none'");
    assertThat(directives.get("frame-ancestors")).isEqualTo("'none'");
    assertThat(directives).doesNotContainKeys("script-src-elem", "script-src-attr");
    assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval", "unsafe-hashes", "data: 'self'");
    String html = page.text().toLowerCase(java.util.Locale.ROOT);
    assertThat(html)
        .doesNotContainPattern("<script(?![^>]*\\ssrc=)")
        .doesNotContainPattern("\\son[a-z]+=");
    assertThat(page.text().getBytes(StandardCharsets.UTF_8)).isNotEmpty();
  }
}
