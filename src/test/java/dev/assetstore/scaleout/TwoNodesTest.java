package dev.assetstore.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.EmbeddedPg;
import dev.assetstore.support.EmbeddedS3;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.net.http.HttpRequest;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two server nodes on one PostgreSQL database and one S3 bucket, each with its own data directory:
 * nothing a client does on one node may depend on talking to the same node again.
 */
class TwoNodesTest {
  static TestServer a;
  static TestServer b;

  @BeforeAll
  static void start() {
    EmbeddedS3.useCredentials();
    Map<String, String> shared = new HashMap<>();
    shared.put("ASSET_STORE_DB_URL", EmbeddedPg.freshDatabaseUrl());
    shared.put("ASSET_STORE_BLOB_URL", EmbeddedS3.shared().freshBucketUrl());
    a = TestServer.start(shared);
    b = TestServer.start(shared);
    assertThat(a.port()).isNotEqualTo(b.port());
  }

  @AfterAll
  static void stop() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
  }

  @Test
  void uploadOnAIsDownloadableOnBWithRanges() throws Exception {
    byte[] bytes = new byte[3 * 1024 * 1024 + 17];
    new Random(6).nextBytes(bytes);
    Resp up = a.http.upload("two-nodes.bin", bytes);
    assertThat(up.status()).as(up.text()).isEqualTo(201);
    String id = up.json().get("id").asText();

    Resp whole = b.http.get("/api/store/asset/download?id=" + id);
    assertThat(whole.status()).isEqualTo(200);
    assertThat(sha256(whole.body())).isEqualTo(sha256(bytes));
    assertThat(whole.header("ETag")).isNotBlank();

    Resp slice = b.http.get("/api/store/asset/download?id=" + id, "Range", "bytes=1000-1999");
    assertThat(slice.status()).isEqualTo(206);
    assertThat(slice.body()).hasSize(1000);
    assertThat(sha256(slice.body()))
        .isEqualTo(sha256(java.util.Arrays.copyOfRange(bytes, 1000, 2000)));

    // deleted on B: gone on A at once, though A had just served it (no per-node cache on a
    // shared database)
    byte[] small = "small and hot".getBytes();
    String hot = a.http.upload("hot.txt", small).json().get("id").asText();
    for (int i = 0; i < 3; i++) {
      assertThat(a.http.get("/api/store/asset/download?id=" + hot).body()).isEqualTo(small);
    }
    assertThat(b.http.delete("/api/store/asset/" + id).status()).isEqualTo(204);
    assertThat(b.http.delete("/api/store/asset/" + hot).status()).isEqualTo(204);
    assertThat(a.http.get("/api/store/asset/" + id).status()).isEqualTo(404);
    assertThat(a.http.get("/api/store/asset/download?id=" + hot).status()).isEqualTo(404);
  }

  @Test
  void aCursorFromAContinuesOnB() {
    String folder = a.createFolder("paged", null);
    for (int i = 0; i < 7; i++) {
      assertThat(
              a.http
                  .upload("?folder=" + folder, "p" + i + ".txt", ("p" + i).getBytes(), Map.of())
                  .status())
          .isEqualTo(201);
    }
    String base = "/api/store/asset/?folder=" + folder + "&sort_by=name&sort_order=asc&limit=3";
    Resp firstPage = a.http.get(base);
    assertThat(firstPage.status()).as(firstPage.text()).isEqualTo(200);
    JsonNode first = firstPage.json();
    assertThat(first.get("next_page").asBoolean()).isTrue();
    List<String> names = new ArrayList<>();
    first.get("items").forEach(n -> names.add(n.get("name").asText()));
    String cursor = first.get("next_cursor").asText();
    Http[] nodes = {b.http, a.http, b.http};
    int i = 0;
    while (cursor != null) {
      Resp page = nodes[i++ % nodes.length].get(base + "&cursor=" + Http.enc(cursor));
      assertThat(page.status()).as(page.text()).isEqualTo(200);
      page.json().get("items").forEach(n -> names.add(n.get("name").asText()));
      cursor =
          page.json().get("next_page").asBoolean() ? page.json().get("next_cursor").asText() : null;
    }
    assertThat(names)
        .containsExactly("p0.txt", "p1.txt", "p2.txt", "p3.txt", "p4.txt", "p5.txt", "p6.txt");
  }

  @Test
  void aShareThrottledByFailuresOnAIsThrottledOnB() {
    String id = a.http.upload("secret.txt", "secret".getBytes()).json().get("id").asText();
    Resp created =
        a.http.json(
            "POST", "/api/share/", Map.of("asset", id, "password", "correct horse battery"));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String token = created.json().get("token").asText();
    for (int i = 0; i < 5; i++) {
      Resp wrong = redeem(a, Map.of("token", token, "password", "guess " + i));
      assertThat(wrong.status()).isEqualTo(401);
    }
    Resp onB = redeem(b, Map.of("token", token, "password", "correct horse battery"));
    assertThat(onB.status()).as(onB.text()).isEqualTo(429);
    assertThat(onB.header("Retry-After")).isNotBlank();
  }

  @Test
  void maxDownloadsRacedAcrossBothNodesIsNeverExceeded() throws Exception {
    byte[] bytes = new byte[256 * 1024];
    new Random(8).nextBytes(bytes);
    String id = a.http.upload("limited.bin", bytes).json().get("id").asText();
    int max = 3;
    Resp created = a.http.json("POST", "/api/share/", Map.of("asset", id, "max_downloads", max));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String shareId = created.json().get("id").asText();
    String token = created.json().get("token").asText();
    String onA = redeem(a, Map.of("token", token)).json().get("access_token").asText();
    String onB = redeem(b, Map.of("token", token)).json().get("access_token").asText();

    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        TestServer node = i % 2 == 0 ? a : b;
        String t = i % 2 == 0 ? onA : onB;
        Callable<Integer> call =
            () -> {
              Resp r = access(node, t, "/api/share/access/download?id=" + id);
              if (r.status() == 200) {
                assertThat(sha256(r.body())).isEqualTo(sha256(bytes));
              }
              return r.status();
            };
        results.add(pool.submit(call));
      }
      int ok = 0;
      for (Future<Integer> f : results) {
        int status = f.get();
        assertThat(status).isIn(200, 410);
        ok += status == 200 ? 1 : 0;
      }
      assertThat(ok).isEqualTo(max);
    } finally {
      pool.shutdownNow();
    }
    long downloads = 0;
    long end = System.currentTimeMillis() + 3000;
    while (System.currentTimeMillis() < end) {
      downloads =
          b.http.get("/api/share/" + shareId).json().get("statistics").get("downloads").asLong();
      if (downloads == max) {
        break;
      }
      Thread.sleep(20);
    }
    assertThat(downloads).isEqualTo(max);
  }

  @Test
  void aFolderMovedOnAShowsItsNewPathsOnB() {
    String from = a.createFolder("from", null);
    String to = a.createFolder("to", null);
    String moved = a.createFolder("moved", from);
    String inner = a.createFolder("inner", moved);
    assertThat(b.http.get("/api/store/folder/" + inner).json().get("path").asText())
        .isEqualTo("/from/moved/inner");
    assertThat(a.http.upload("?folder=" + inner, "deep.txt", "d".getBytes(), Map.of()).status())
        .isEqualTo(201);
    String list = "/api/store/asset/?name=deep.txt";
    assertThat(b.http.get(list).json().get("items").get(0).get("path").asText())
        .isEqualTo("/from/moved/inner/deep.txt");

    Resp patch = a.http.json("PATCH", "/api/store/folder/" + moved, Map.of("parent", to));
    assertThat(patch.status()).as(patch.text()).isEqualTo(200);

    assertThat(b.http.get("/api/store/folder/" + inner).json().get("path").asText())
        .isEqualTo("/to/moved/inner");
    assertThat(b.http.get(list).json().get("items").get(0).get("path").asText())
        .isEqualTo("/to/moved/inner/deep.txt");
    Resp resolved = b.http.get("/api/store/?url=" + Http.enc("/store/to/moved/inner"));
    assertThat(resolved.status()).as(resolved.text()).isEqualTo(200);
    assertThat(b.http.get("/api/store/?url=" + Http.enc("/store/from/moved/inner")).status())
        .isEqualTo(404);
  }

  private static Resp redeem(TestServer node, Map<String, Object> body) {
    return node.http.as(null).json("POST", "/api/share/get_access", body);
  }

  private static Resp access(TestServer node, String token, String path) {
    HttpRequest req =
        node.http.as(null).request(path).GET().header("Authorization", "Bearer " + token).build();
    return node.http.as(null).send(req);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
