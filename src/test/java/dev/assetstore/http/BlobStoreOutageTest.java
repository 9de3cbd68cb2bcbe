package dev.assetstore.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.EmbeddedS3;
import dev.assetstore.support.Http;
import dev.assetstore.support.TestServer;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * S3 goes away under a running server (its own s3proxy, stopped mid-run): blob reads and writes
 * answer 503 with Retry-After and write nothing, metadata keeps answering, /ready says why, and
 * when S3 is back everything works again without a restart.
 */
class BlobStoreOutageTest {
  static EmbeddedS3 s3;
  static String bucket;
  static TestServer server;

  @BeforeAll
  static void start() {
    s3 = EmbeddedS3.startNew();
    bucket = s3.freshBucket();
    server = TestServer.start(Map.of("ASSET_STORE_BLOB_URL", s3.url(bucket, "")));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void s3DownMeans503WithNothingWrittenAndS3BackMeansEverythingWorks() {
    Http http = server.http;
    String first = id(http.upload("first.txt", "first asset".getBytes()));
    String second = id(http.upload("second.txt", "second asset".getBytes()));
    assertThat(s3.objectCount(bucket)).isEqualTo(2);

    s3.stop();
    try {
      assertUnavailable(http.upload("small.txt", "never stored".getBytes()));
      byte[] big = new byte[20 * 1024 * 1024];
      new Random(7).nextBytes(big);
      assertUnavailable(http.upload("big.bin", big));

      assertUnavailable(http.get("/api/store/asset/download?id=" + first));
      assertUnavailable(http.get("/api/store/asset/download?id=" + first, "Range", "bytes=2-5"));
      assertUnavailable(http.get("/api/store/asset/download?id=" + first + "&id=" + second));

      var list = http.get("/api/store/asset/");
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.json().get("collection_total").asLong()).isEqualTo(2);
      assertThat(http.get("/api/store/asset/" + first).status()).isEqualTo(200);

      var ready = http.get("/ready");
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.header("Retry-After")).isNotNull();
      assertThat(ready.json().get("checks").get("blob_store").asText()).isEqualTo("unavailable");
      assertThat(ready.json().get("checks").get("database").asText()).isEqualTo("ok");
    } finally {
      s3.start();
    }

    assertThat(s3.objectCount(bucket)).as("objects after the outage").isEqualTo(2);
    assertThat(s3.incompleteUploadCount(bucket)).as("incomplete multipart uploads").isZero();
    assertThat(http.get("/ready").status()).isEqualTo(200);
    var down = http.get("/api/store/asset/download?id=" + first);
    assertThat(down.status()).isEqualTo(200);
    assertThat(down.text()).isEqualTo("first asset");
    String third = id(http.upload("third.txt", "after the outage".getBytes()));
    assertThat(http.get("/api/store/asset/download?id=" + third).text())
        .isEqualTo("after the outage");
    assertThat(http.get("/api/store/asset/").json().get("collection_total").asLong()).isEqualTo(3);
    assertThat(s3.objectCount(bucket)).isEqualTo(3);
  }

  private static void assertUnavailable(Http.Resp r) {
    assertThat(r.status()).as(r.text()).isEqualTo(503);
    assertThat(r.header("Retry-After")).isEqualTo("5");
    assertThat(r.json().get("detail").asText()).contains("blob storage is unavailable");
  }

  private static String id(Http.Resp r) {
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json().get("id").asText();
  }
}
