package dev.assetstore.http.assets;

import static dev.assetstore.http.assets.AssetChecks.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The metadata database's disk full (SQLITE_FULL): a real one, made by capping the database at the
 * pages it has ({@code max_page_count}, a per-connection pragma given in the URL). Writes answer
 * 507 with nothing kept (the upload's bytes are removed again); reads go on.
 */
class DatabaseFullTest {

  @Test
  void aFullDatabaseIs507AndKeepsNoBytes() throws Exception {
    Path dir = Files.createTempDirectory("db-full");
    Path db = dir.resolve("store.db");
    TestServer first = TestServer.start(dir, Map.of());
    String kept = upload(first.http, "kept.txt", "kept").get("id").asText();
    first.stop();
    long pages;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet rs = c.createStatement().executeQuery("PRAGMA page_count")) {
      rs.next();
      pages = rs.getLong(1);
    }
    try (TestServer full =
        TestServer.start(
            dir, Map.of("ASSET_STORE_DB_URL", "jdbc:sqlite:" + db + "?max_page_count=" + pages))) {
      Resp refused = null;
      for (int i = 0; i < 200 && refused == null; i++) {
        Resp r = full.http.upload("filler-" + i + ".txt", ("x".repeat(2000) + i).getBytes());
        if (r.status() != 201) {
          refused = r;
        }
      }
      assertThat(refused).as("an insert past max_page_count").isNotNull();
      assertThat(assertError(refused, 507).asText())
          .isEqualTo("The server has no storage space left; nothing was changed");
      long records = total(full.http);
      assertThat(full.blobFileCount()).as("blob files, one per record").isEqualTo(records);
      assertThat(full.http.get("/api/store/asset/download?id=" + kept).text()).isEqualTo("kept");
    }
  }
}
