package dev.assetstore.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.EmbeddedPg;
import dev.assetstore.support.Http;
import dev.assetstore.support.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away under a running server and comes back on the same port with the same data:
 * meanwhile the API answers 503 with Retry-After within seconds (no 500, no hang), {@code /ready}
 * says 503 while {@code /health} stays 200; afterwards the same server process answers again.
 */
class PostgresRestartTest {
  /** Acquiring a connection gives up after 3 s; the rest is slack for a busy machine. */
  private static final long PROMPT_MILLIS = 15_000;

  @Test
  void theServerSaysUnavailableWhileThePostgresIsDownAndRecoversByItself() throws Exception {
    Path dir = Files.createTempDirectory("pg-restart");
    int port = freePort();
    EmbeddedPostgres pg = EmbeddedPg.dedicated(dir.resolve("pg"), port);
    TestServer server = null;
    try {
      server =
          TestServer.start(Map.of("ASSET_STORE_DB_URL", pg.getJdbcUrl("postgres", "postgres")));
      Http http = server.http.http11();
      Http.Resp up = http.upload("before.txt", "kept across the outage".getBytes());
      assertThat(up.status()).isEqualTo(201);
      String id = up.json().get("id").asText();
      assertThat(http.get("/ready").status()).isEqualTo(200);

      pg.close();

      for (int i = 0; i < 3; i++) {
        long t0 = System.nanoTime();
        Http.Resp list = http.get("/api/store/asset/");
        long took = elapsedMillis(t0);
        System.out.println("PostgresRestartTest: 503 after " + took + " ms");
        assertThat(took).isLessThan(PROMPT_MILLIS);
        assertThat(list.status()).as(list.text()).isEqualTo(503);
        assertThat(list.header("Retry-After")).isNotBlank();
        assertThat(list.json().get("detail").asText()).contains("unavailable");
      }
      long blobs = server.blobFileCount();
      long t0 = System.nanoTime();
      Http.Resp refused = http.upload("during.txt", "no record, no bytes".getBytes());
      assertThat(elapsedMillis(t0)).isLessThan(PROMPT_MILLIS);
      assertThat(refused.status()).as(refused.text()).isEqualTo(503);
      assertThat(server.blobFileCount()).isEqualTo(blobs);
      Http.Resp ready = http.get("/ready");
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.header("Retry-After")).isNotBlank();
      assertThat(ready.json().at("/checks/database").asText()).isEqualTo("unavailable");
      assertThat(http.get("/health").status()).isEqualTo(200);

      pg = EmbeddedPg.dedicated(dir.resolve("pg"), port);

      long back = System.nanoTime();
      Http.Resp after = untilNot503(http, "/api/store/asset/" + id);
      System.out.println(
          "PostgresRestartTest: answering again "
              + elapsedMillis(back)
              + " ms after PostgreSQL was up");
      assertThat(after.status()).as(after.text()).isEqualTo(200);
      assertThat(after.json().get("name").asText()).isEqualTo("before.txt");
      assertThat(http.get("/ready").status()).isEqualTo(200);
      assertThat(http.upload("after.txt", "back".getBytes()).status()).isEqualTo(201);
      assertThat(http.get("/api/store/asset/").json().get("items")).hasSize(2);
    } finally {
      if (server != null) {
        server.close();
      }
      pg.close();
      TestServer.deleteRecursively(dir);
    }
  }

  /** The pool reconnects on demand: a few 503s may still come while it does. */
  private static Http.Resp untilNot503(Http http, String path) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    Http.Resp r = http.get(path);
    while (r.status() == 503 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      r = http.get(path);
    }
    return r;
  }

  private static long elapsedMillis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
