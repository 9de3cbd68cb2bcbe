package dev.assetstore.http.previews;

import static dev.assetstore.http.previews.PreviewFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API.md §11: a preview is made once, kept as a derived blob, served with validators, shared with
 * recipients (confined, not counted), and freed with the last asset of its content.
 */
class PreviewCacheTest {
  static TestServer server;
  static Http http;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http;
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String upload(String query, String name, String type, byte[] bytes) {
    Resp r = http.upload(query, name, type, BodyPublishers.ofByteArray(bytes), Map.of(), Map.of());
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json().get("id").asText();
  }

  static String path(String id, String query) {
    return "/api/store/asset/" + id + "/preview" + query;
  }

  static long renders() {
    String text = http.as(null).get("/metrics").text();
    Matcher m =
        Pattern.compile("(?m)^asset_store_preview_renders_total(?:\\{[^}]*\\})? ([0-9.eE+]+)$")
            .matcher(text);
    assertThat(m.find()).as("render counter in /metrics").isTrue();
    return (long) Double.parseDouble(m.group(1));
  }

  @Test
  void aPreviewAnsweredFromMemoryIsGoneWithItsAsset() throws IOException {
    String id = upload("", "gone.png", "image/png", write(corners(120, 80), "png"));
    // Twice: the second answer may come from the node's memory of the first.
    assertThat(http.get(path(id, "?w=40&h=40")).status()).isEqualTo(200);
    assertThat(http.get(path(id, "?w=40&h=40")).status()).isEqualTo(200);
    assertThat(http.delete("/api/store/asset/" + id).status()).isEqualTo(204);
    Resp after = http.get(path(id, "?w=40&h=40"));
    assertThat(after.status()).as(after.text()).isEqualTo(404);
  }

  @Test
  void headersEtagNotModifiedAndHead() throws IOException {
    String id = upload("", "h.png", "image/png", write(corners(300, 200), "png"));
    Resp r = http.get(path(id, "?w=64&h=64"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("image/jpeg");
    assertThat(r.header("Cache-Control")).isEqualTo("private, max-age=86400");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    String etag = r.header("ETag");
    assertThat(etag).startsWith("\"").endsWith("\"");
    assertThat(Long.parseLong(r.header("Content-Length"))).isEqualTo(r.body().length);
    // Stable: the same parameters give the same tag and bytes; others give another tag.
    Resp again = http.get(path(id, "?w=64&h=64"));
    assertThat(again.header("ETag")).isEqualTo(etag);
    assertThat(again.body()).isEqualTo(r.body());
    assertThat(http.get(path(id, "?w=65&h=64")).header("ETag")).isNotEqualTo(etag);

    Resp notModified = http.get(path(id, "?w=64&h=64"), "If-None-Match", etag);
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    assertThat(notModified.header("ETag")).isEqualTo(etag);
    assertThat(http.get(path(id, "?w=64&h=64"), "If-None-Match", "\"other\"").status())
        .isEqualTo(200);

    Resp head = http.head(path(id, "?w=64&h=64"));
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(r.body().length));
    assertThat(head.header("ETag")).isEqualTo(etag);
  }

  @Test
  void fiftyParallelRequestsForANewPreviewRenderOnce() throws Exception {
    String id = upload("", "crowd.jpg", "image/jpeg", jpeg(corners(1600, 1200)));
    long before = renders();
    long blobs = server.blobFileCount();
    List<Callable<Resp>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(() -> http.get(path(id, "?w=200&h=200")));
    }
    ExecutorService pool = Executors.newFixedThreadPool(50);
    List<Resp> answers = new ArrayList<>();
    try {
      for (Future<Resp> f : pool.invokeAll(calls)) {
        answers.add(f.get());
      }
    } finally {
      pool.shutdown();
    }
    byte[] first = answers.getFirst().body();
    for (Resp r : answers) {
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(first);
    }
    assertThat(renders() - before).as("renders").isEqualTo(1);
    assertThat(server.blobFileCount()).as("one derived blob").isEqualTo(blobs + 1);
  }

  @Test
  void errors() throws IOException {
    String id = upload("", "e.png", "image/png", write(corners(40, 40), "png"));
    assertThat(http.get(path("0190a0c1-0000-7000-8000-000000000000", "")).status()).isEqualTo(404);
    assertThat(http.get(path("not-an-id", "")).status()).isEqualTo(404);
    Resp bad = http.get(path(id, "?w=15&h=2049&fit=fill&format=gif"));
    assertThat(bad.status()).isEqualTo(422);
    List<String> fields = new ArrayList<>();
    bad.json().get("detail").forEach(p -> fields.add(p.get("loc").get(1).asText()));
    assertThat(fields).containsExactly("w", "h", "fit", "format");
    assertThat(http.get(path(id, "?w=abc")).status()).isEqualTo(422);
    // Without credentials: 401; with store:write only: 403.
    assertThat(http.as(null).get(path(id, "")).status()).isEqualTo(401);
    String writer = http.createKey("store:write");
    assertThat(http.as(writer).get(path(id, "")).status()).isEqualTo(403);
    assertThat(http.as(http.createKey("store:read")).get(path(id, "")).status()).isEqualTo(200);
  }

  @Test
  void freedWhenTheLastAssetWithThatContentIsDeleted() throws IOException {
    byte[] bytes = write(corners(320, 240), "png");
    String a = upload("", "same-a.png", "image/png", bytes);
    String b = upload("", "same-b.png", "image/png", bytes);
    long blobs = server.blobFileCount();
    assertThat(http.get(path(a, "?w=50&h=50")).status()).isEqualTo(200);
    // Same content, same parameters: b is served the preview a's request made.
    long renders = renders();
    assertThat(http.get(path(b, "?w=50&h=50")).status()).isEqualTo(200);
    assertThat(renders()).isEqualTo(renders);
    assertThat(server.blobFileCount()).isEqualTo(blobs + 1);

    assertThat(http.delete("/api/store/asset/" + a).status()).isEqualTo(204);
    assertThat(server.blobFileCount()).as("b still has the content").isEqualTo(blobs);
    assertThat(http.get(path(b, "?w=50&h=50")).status()).isEqualTo(200);
    assertThat(renders()).as("kept for b").isEqualTo(renders);

    assertThat(http.delete("/api/store/asset/" + b).status()).isEqualTo(204);
    assertThat(server.blobFileCount()).as("the asset's bytes and the preview").isEqualTo(blobs - 2);
  }

  @Test
  void freedWhenAFolderWithTheLastAssetIsDeleted() throws IOException {
    String folder = server.createFolder("doomed-previews", null);
    String a = upload("?folder=" + folder, "f.png", "image/png", write(corners(90, 90), "png"));
    long blobs = server.blobFileCount();
    assertThat(http.get(path(a, "?w=32&h=32")).status()).isEqualTo(200);
    assertThat(server.blobFileCount()).isEqualTo(blobs + 1);
    assertThat(http.delete("/api/store/folder/" + folder + "?recursive=true").status())
        .isEqualTo(204);
    assertThat(server.blobFileCount()).isEqualTo(blobs - 1);
  }

  @Test
  void shareRecipientsGetPreviewsInsideTheShareOnlyAndNothingIsCounted() throws IOException {
    String folder = server.createFolder("shared-previews", null);
    String inside =
        upload("?folder=" + folder, "in.png", "image/png", write(corners(120, 80), "png"));
    String outside = upload("", "out.png", "image/png", write(corners(120, 80), "gif"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("folder", folder);
    body.put("max_downloads", 1);
    Resp created = http.json("POST", "/api/share/", body);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String shareId = created.json().get("id").asText();
    String token =
        http.as(null)
            .json(
                "POST",
                "/api/share/get_access",
                Map.of("token", created.json().get("token").asText()))
            .json()
            .get("access_token")
            .asText();

    Resp ok = access(token, "/api/share/access/preview?id=" + inside + "&w=60&h=60");
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    assertThat(ok.header("Content-Type")).isEqualTo("image/jpeg");
    assertThat(size(PreviewTest.imageOf(ok))).containsExactly(60, 40);
    assertThat(
            access(
                    token,
                    "/api/share/access/preview?id=" + inside + "&w=60&h=60",
                    "If-None-Match",
                    ok.header("ETag"))
                .status())
        .isEqualTo(304);
    assertThat(access(token, "/api/share/access/preview?id=" + outside).status()).isEqualTo(404);
    assertThat(access(token, "/api/share/access/preview?id=not-an-id").status()).isEqualTo(404);
    assertThat(access(token, "/api/share/access/preview").status()).isEqualTo(422);
    assertThat(access(token, "/api/share/access/preview?id=" + inside + "&fit=x").status())
        .isEqualTo(422);
    assertThat(access(null, "/api/share/access/preview?id=" + inside).status()).isEqualTo(401);
    // An owner credential is not a share access token here.
    assertThat(http.get("/api/share/access/preview?id=" + inside).status()).isEqualTo(401);
    for (int i = 0; i < 3; i++) {
      assertThat(access(token, "/api/share/access/preview?id=" + inside + "&w=60&h=60").status())
          .isEqualTo(200);
    }
    // max_downloads=1 and four previews: still not used up, nothing counted.
    var stats = http.get("/api/share/" + shareId).json().get("statistics");
    assertThat(stats.get("downloads").asLong()).isZero();
    assertThat(access(token, "/api/share/access/download?id=" + inside).status()).isEqualTo(200);
  }

  @Test
  void previewBlobsSurviveTheOrphanSweep() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("preview-sweep");
    Map<String, String> db = dev.assetstore.support.TestDatabases.freshEnv();
    TestServer first = TestServer.start(dir, db);
    String id;
    byte[] made;
    try {
      Resp r =
          first.http.upload(
              "",
              "kept.png",
              "image/png",
              BodyPublishers.ofByteArray(write(corners(64, 64), "png")),
              Map.of(),
              Map.of());
      id = r.json().get("id").asText();
      made = first.http.get(path(id, "?w=32&h=32")).body();
    } finally {
      first.stop();
    }
    var blobs = first.blobStorage();
    String orphan = "abcd" + "0".repeat(28);
    blobs.plantOrphan(orphan, "nobody references me");
    long before = blobs.count();
    // The sweep judges blobs written before the start, on a clock S3 keeps in whole seconds.
    Thread.sleep(1_100);
    try (TestServer second = TestServer.start(dir, db)) {
      assertThat(second.server().startupSweep().get(30, java.util.concurrent.TimeUnit.SECONDS))
          .as("only the planted orphan")
          .isEqualTo(1L);
      assertThat(second.blobFileCount()).isEqualTo(before - 1);
      Resp again = second.http.get(path(id, "?w=32&h=32"));
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.body()).isEqualTo(made);
    }
  }

  static int[] size(java.awt.image.BufferedImage img) {
    return new int[] {img.getWidth(), img.getHeight()};
  }

  static Resp access(String token, String path, String... headers) {
    HttpRequest.Builder b = http.as(null).request(path).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.as(null).send(b.build());
  }
}
