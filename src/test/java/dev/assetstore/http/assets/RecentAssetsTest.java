package dev.assetstore.http.assets;

import static dev.assetstore.http.assets.AssetChecks.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;

/**
 * The download and list-total caches (store/assets/RecentAssets) never show this node's own writes
 * late: every check reads right after a request that warmed the cache.
 */
class RecentAssetsTest {
  static final String DOWNLOAD = "/api/store/asset/download?id=";
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

  @Test
  void aRenameShowsInTheNextDownloadAtOnce() {
    String id = upload(http, "before.txt", "bytes").get("id").asText();
    assertThat(http.get(DOWNLOAD + id).header("Content-Disposition")).contains("before.txt");
    assertThat(http.json("PATCH", ASSETS + id, Map.of("name", "after.txt")).status())
        .isEqualTo(200);
    Resp r = http.get(DOWNLOAD + id);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Disposition")).contains("after.txt").doesNotContain("before");
    assertThat(r.text()).isEqualTo("bytes");
  }

  @Test
  void aDeletedAssetIsGoneForTheNextDownloadAtOnce() {
    String id = upload(http, "doomed.txt", "soon gone").get("id").asText();
    assertThat(http.get(DOWNLOAD + id).status()).isEqualTo(200);
    assertThat(http.head(DOWNLOAD + id).status()).isEqualTo(200);
    assertThat(http.delete(ASSETS + id).status()).isEqualTo(204);
    assertError(http.get(DOWNLOAD + id), 404);
    assertThat(http.head(DOWNLOAD + id).status()).isEqualTo(404);
  }

  @Test
  void aRecursiveFolderDeleteRemovesItsAssetsFromDownloadsAtOnce() {
    String folder =
        http.json("POST", "/api/store/folder/", Map.of("name", "tree-" + UUID.randomUUID()))
            .json()
            .get("id")
            .asText();
    String id =
        uploaded(http.upload("?folder=" + folder, "inside.txt", "in a folder".getBytes(), Map.of()))
            .get("id")
            .asText();
    assertThat(http.get(DOWNLOAD + id).text()).isEqualTo("in a folder");
    assertThat(http.delete("/api/store/folder/" + folder + "?recursive=true").status())
        .isEqualTo(204);
    assertError(http.get(DOWNLOAD + id), 404);
  }

  @Test
  void listTotalsFollowUploadsMovesAndDeletesAtOnce() {
    String tag = "t" + UUID.randomUUID().toString().substring(0, 8);
    String list = ASSETS + "?tags=" + tag + "&limit=1";
    assertThat(totalOf(list)).isZero();
    String first =
        uploaded(http.upload("", "a.txt", "a".getBytes(), Map.of("tags", "[\"" + tag + "\"]")))
            .get("id")
            .asText();
    assertThat(totalOf(list)).isEqualTo(1);
    uploaded(http.upload("", "b.txt", "b".getBytes(), Map.of("tags", "[\"" + tag + "\"]")));
    assertThat(totalOf(list)).isEqualTo(2);
    // the same filter sorted differently, and its second page, share the total
    assertThat(totalOf(list + "&sort_by=name")).isEqualTo(2);
    assertThat(http.json("PATCH", ASSETS + first, Map.of("tags", java.util.List.of())).status())
        .isEqualTo(200);
    assertThat(totalOf(list)).isEqualTo(1);
    String second = http.get(list).json().get("items").get(0).get("id").asText();
    assertThat(http.delete(ASSETS + second).status()).isEqualTo(204);
    assertThat(totalOf(list)).isZero();
  }

  /**
   * The totals cache is real, not only correct: a row written behind the server's back (so nothing
   * on this node clears the cache) does not show in a total counted a moment before, and shows as
   * soon as this node writes. Only the sole writer of its database remembers, so this runs on
   * SQLite whatever database the suite uses.
   */
  @Test
  void aListTotalIsRememberedUntilThisNodeWrites() throws Exception {
    Path dir = Files.createTempDirectory("asset-store-test");
    Path db = dir.resolve("store.db");
    try (TestServer sqlite =
        TestServer.start(dir, Map.of("ASSET_STORE_DB_URL", "jdbc:sqlite:" + db))) {
      String folder = sqlite.createFolder("remembered-" + UUID.randomUUID(), null);
      String list = ASSETS + "?folder=" + folder + "&limit=1";
      assertThat(totalOf(sqlite.http, list)).isZero();
      SQLiteConfig cfg = new SQLiteConfig();
      cfg.setBusyTimeout(5000);
      try (Connection c = cfg.createConnection("jdbc:sqlite:" + db);
          PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO assets (id, name, folder_id, content_type, size, sha256, crc32,"
                      + " blob_key, tags, metadata, created, updated)"
                      + " VALUES (?, 'behind.txt', ?, 'text/plain', 0, ?, 0, 'none', '[]', '{}',"
                      + " 0, 0)")) {
        insert.setString(1, UUID.randomUUID().toString());
        insert.setString(2, folder);
        insert.setString(3, "0".repeat(64));
        assertThat(insert.executeUpdate()).isEqualTo(1);
      }
      assertThat(totalOf(sqlite.http, list)).as("remembered").isZero();
      uploaded(sqlite.http.upload("?folder=" + folder, "through.txt", "x".getBytes(), Map.of()));
      assertThat(totalOf(sqlite.http, list)).as("counted again after a write").isEqualTo(2);
    }
  }

  private static long totalOf(String path) {
    return totalOf(http, path);
  }

  private static long totalOf(Http h, String path) {
    JsonNode page = h.get(path).json();
    return page.get("collection_total").asLong();
  }
}
