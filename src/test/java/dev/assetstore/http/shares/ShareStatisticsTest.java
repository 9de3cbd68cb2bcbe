package dev.assetstore.http.shares;

import static dev.assetstore.http.shares.ShareChecks.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** views, downloads (completed transfers only), failed_attempts, last_accessed, max_downloads. */
class ShareStatisticsTest {
  static TestServer server;
  static Http http;
  static byte[] small;
  static String smallId;
  static byte[] medium;
  static String mediumId;
  static String bigFolder;
  static String bigId;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http;
    small = "sixteen bytes!!!".getBytes(StandardCharsets.UTF_8);
    smallId = upload(http, null, "small.txt", small).get("id").asText();
    medium = new byte[1 << 20];
    new Random(7).nextBytes(medium);
    mediumId = upload(http, null, "medium.bin", medium).get("id").asText();
    bigFolder = server.createFolder("Big", null);
    byte[] big = new byte[24 << 20];
    new Random(8).nextBytes(big);
    bigId = upload(http, bigFolder, "big.bin", big).get("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void viewsCountSuccessfulRedemptionsAndSetLastAccessed() {
    JsonNode s = create(http, "asset", smallId, "password", "let me in please");
    String id = s.get("id").asText();
    String t = s.get("token").asText();
    assertThat(stats(http, id).get("last_accessed").isNull()).isTrue();
    accessToken(server, "token", t, "password", "let me in please");
    JsonNode st = stats(http, id);
    assertThat(st.get("views").asLong()).isEqualTo(1);
    assertThat(st.get("downloads").asLong()).isZero();
    Instant first = Instant.parse(st.get("last_accessed").asText());
    assertError(redeem(server, "token", t, "password", "wrong one!"), 401);
    assertError(redeem(server, "token", t), 401);
    accessToken(server, "token", t, "password", "let me in please");
    st = stats(http, id);
    assertThat(st.get("views").asLong()).isEqualTo(2);
    assertThat(st.get("failed_attempts").asLong()).isEqualTo(2);
    assertThat(Instant.parse(st.get("last_accessed").asText())).isAfterOrEqualTo(first);
    // the owner's reads do not count
    http.get(SHARES + id + "/download");
    assertThat(stats(http, id).get("views").asLong()).isEqualTo(2);
    assertThat(stats(http, id).get("downloads").asLong()).isZero();
  }

  @Test
  void onlyCompletedFullTransfersCount() {
    JsonNode s = create(http, "asset", smallId);
    String id = s.get("id").asText();
    String t = accessToken(server, "token", s.get("token").asText());
    String url = DOWNLOAD + "?id=" + smallId;
    Resp range = access(server, t, url, "Range", "bytes=0-3");
    assertThat(range.status()).isEqualTo(206);
    Resp head = accessHead(server, t, url);
    assertThat(head.status()).isEqualTo(200);
    String etag = access(server, t, url, "Range", "bytes=4-").header("ETag");
    assertThat(access(server, t, url, "If-None-Match", etag).status()).isEqualTo(304);
    assertThat(access(server, t, url, "Range", "bytes=99-").status()).isEqualTo(416);
    Instant before = Instant.parse(stats(http, id).get("last_accessed").asText());
    Resp full = access(server, t, url);
    assertThat(full.status()).isEqualTo(200);
    assertThat(full.body()).isEqualTo(small);
    JsonNode st = awaitDownloads(http, id, 1);
    assertThat(st.get("downloads").asLong()).isEqualTo(1);
    assertThat(Instant.parse(st.get("last_accessed").asText())).isAfterOrEqualTo(before);
    // a zip of several counts once as well
    JsonNode fs = create(http, "folder", bigFolder);
    String ft = accessToken(server, "token", fs.get("token").asText());
    Resp z = access(server, ft, "/api/share/access/folder/" + bigFolder + "/download");
    assertThat(z.status()).isEqualTo(200);
    assertThat(unzip(z.body())).containsKey("Big/big.bin");
    assertThat(awaitDownloads(http, fs.get("id").asText(), 1).get("downloads").asLong())
        .isEqualTo(1);
    assertThat(stats(http, id).get("downloads").asLong()).isEqualTo(1);
    assertThat(stats(http, id).get("failed_attempts").asLong()).isZero();
  }

  @Test
  void rangeFragmentsDoNotUseTheQuota() {
    JsonNode s = create(http, "asset", smallId, "max_downloads", 1);
    String id = s.get("id").asText();
    String t = accessToken(server, "token", s.get("token").asText());
    String url = DOWNLOAD + "?id=" + smallId;
    for (int i = 0; i < 3; i++) {
      assertThat(access(server, t, url, "Range", "bytes=" + i + "-" + (i + 2)).status())
          .isEqualTo(206);
    }
    assertThat(accessHead(server, t, url).status()).isEqualTo(200);
    assertThat(stats(http, id).get("downloads").asLong()).isZero();
    Resp full = access(server, t, url);
    assertThat(full.status()).isEqualTo(200);
    assertThat(full.body()).isEqualTo(small);
    assertThat(awaitDownloads(http, id, 1).get("downloads").asLong()).isEqualTo(1);
    assertError(access(server, t, url), 410);
    assertError(access(server, t, url, "Range", "bytes=0-1"), 410);
    assertError(redeem(server, "token", s.get("token").asText()), 410);
    JsonNode st = stats(http, id);
    assertThat(st.get("downloads").asLong()).isEqualTo(1);
    // the refused redemption counts as a failed attempt (the 410 downloads do not redeem)
    assertThat(st.get("failed_attempts").asLong()).isEqualTo(1);
  }

  @Test
  void maxDownloadsHoldsUnderParallelDownloads() throws Exception {
    JsonNode s = create(http, "asset", mediumId, "max_downloads", 1);
    String id = s.get("id").asText();
    String t = accessToken(server, "token", s.get("token").asText());
    int n = 10;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Resp>> results = new ArrayList<>();
    Http client = http.as(null).http11();
    try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
      for (int i = 0; i < n; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return client.send(
                      client
                          .request(DOWNLOAD + "?id=" + mediumId)
                          .header("Authorization", "Bearer " + t)
                          .GET()
                          .build());
                }));
      }
      go.countDown();
      int ok = 0;
      int gone = 0;
      for (Future<Resp> f : results) {
        Resp r = f.get();
        if (r.status() == 200) {
          ok++;
          assertThat(r.body()).isEqualTo(medium);
        } else {
          assertError(r, 410);
          gone++;
        }
      }
      assertThat(ok).isEqualTo(1);
      assertThat(gone).isEqualTo(n - 1);
    }
    // the nine others were refused before any byte, so nothing else can count
    assertThat(awaitDownloads(http, id, 1).get("downloads").asLong()).isEqualTo(1);
    JsonNode g = get(http, id);
    assertThat(g.get("statistics").get("downloads").asLong()).isEqualTo(1);
    assertThat(g.get("active").asBoolean()).isFalse();
  }
}
