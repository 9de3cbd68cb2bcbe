package dev.assetstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.EmbeddedPg;
import dev.assetstore.support.Http;
import dev.assetstore.support.ProcessServer;
import dev.assetstore.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar on PostgreSQL: the driver and Flyway's PostgreSQL support survive shading (Flyway
 * finds its database plugins through service files), and two processes started together on one
 * empty database both come up and serve the same records.
 */
class PostgresJarIT {

  @Test
  void twoJarProcessesShareOnePostgresDatabase() throws Exception {
    Path blobs = Files.createTempDirectory("jar-pg-blobs");
    Map<String, String> env =
        Map.of(
            "ASSET_STORE_DB_URL",
            EmbeddedPg.freshDatabaseUrl(),
            "ASSET_STORE_BLOB_URL",
            "file:" + blobs,
            "ASSET_STORE_DB_POOL_SIZE",
            "4");
    // Started at the same moment: both find the database empty, both migrate, both register the
    // admin key and create the signing keys; each must come up, agreeing with the other.
    CompletableFuture<ProcessServer> first = CompletableFuture.supplyAsync(() -> start(env));
    CompletableFuture<ProcessServer> second = CompletableFuture.supplyAsync(() -> start(env));
    try (ProcessServer a = first.get();
        ProcessServer b = second.get()) {
      Http.Resp up = a.http.http11().upload("from-a.txt", "written by a".getBytes());
      assertThat(up.status()).as(up.text()).isEqualTo(201);
      String id = up.json().get("id").asText();
      Http.Resp read = b.http.http11().get("/api/store/asset/download?id=" + id);
      assertThat(read.status()).isEqualTo(200);
      assertThat(new String(read.body())).isEqualTo("written by a");
      assertThat(b.http.http11().get("/ready").status()).isEqualTo(200);
    } finally {
      TestServer.deleteRecursively(blobs);
    }
  }

  private static ProcessServer start(Map<String, String> env) {
    try {
      return ProcessServer.start(List.of(), env);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
