package dev.assetstore.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.TestDatabases;
import dev.assetstore.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The bootstrap admin key (API.md §2): generated once, or taken from ASSET_STORE_ADMIN_KEY. */
class BootstrapTest {
  private static final Pattern KEY = Pattern.compile("sla_live_[A-Za-z0-9_-]{43}");
  private static final Map<String, String> UNSET = Map.of("ASSET_STORE_ADMIN_KEY", "");

  private static String onlyKeyIn(String stdout) {
    Matcher m = KEY.matcher(stdout);
    assertThat(m.find()).as("a key on stdout: " + stdout).isTrue();
    String key = m.group();
    assertThat(m.find()).as("printed once").isFalse();
    return key;
  }

  /** The same database for every start in a test: restarts must find what the last start left. */
  private static Map<String, String> with(Map<String, String> db, Map<String, String> env) {
    Map<String, String> all = new HashMap<>(db);
    all.putAll(env);
    return all;
  }

  private static Http client(TestServer s, String key) {
    return s.http.http11().as(key);
  }

  private static void assertWorksAsAdmin(Http h) {
    assertThat(h.get("/api/store/asset/").status()).isEqualTo(200);
    assertThat(h.get("/api/admin/api-keys/").status()).isEqualTo(200);
    assertThat(h.createKey("admin")).startsWith("sla_live_");
  }

  @Test
  void generatesPrintsAndStoresAKeyOnceThenReusesTheDatabase() throws Exception {
    Path dir = Files.createTempDirectory("asset-store-bootstrap");
    Map<String, String> db = TestDatabases.freshEnv();
    TestServer first = TestServer.start(dir, with(db, UNSET));
    String key;
    Path file = dir.resolve("bootstrap-admin-key");
    try {
      key = onlyKeyIn(first.stdout());
      assertThat(key).isNotEqualTo(TestServer.ADMIN_KEY);
      assertThat(Files.readString(file).trim()).isEqualTo(key);
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      assertThat(PosixFilePermissions.toString(perms)).isEqualTo("rw-------");
      assertWorksAsAdmin(client(first, key));
      // the configured test key does not exist here
      assertThat(client(first, TestServer.ADMIN_KEY).get("/api/store/asset/").status())
          .isEqualTo(401);
      var keys = client(first, key).walk("/api/admin/api-keys/?label=bootstrap%20admin");
      assertThat(keys).hasSize(1);
      assertThat(keys.getFirst().get("scopes").toString()).isEqualTo("[\"admin\"]");
      assertThat(keys.getFirst().get("expires").isNull()).isTrue();
      first.stop();

      long before = Files.getLastModifiedTime(file).toMillis();
      TestServer second = TestServer.start(dir, with(db, UNSET));
      try {
        assertThat(KEY.matcher(second.stdout()).find())
            .as("no new key printed: " + second.stdout())
            .isFalse();
        assertThat(second.stdout()).doesNotContainIgnoringCase("bootstrap");
        assertThat(Files.readString(file).trim()).isEqualTo(key);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(before);
        assertThat(client(second, key).walk("/api/admin/api-keys/?label=bootstrap%20admin"))
            .hasSize(1);
        assertWorksAsAdmin(client(second, key));
      } finally {
        second.stop();
      }
    } finally {
      TestServer.deleteRecursively(dir);
    }
  }

  @Test
  void blankAdminKeyCountsAsUnset() {
    try (TestServer s = TestServer.start(Map.of("ASSET_STORE_ADMIN_KEY", "   "))) {
      String key = onlyKeyIn(s.stdout());
      assertWorksAsAdmin(client(s, key));
      assertThat(client(s, "   ").get("/api/store/asset/").status()).isEqualTo(401);
    }
  }

  @Test
  void configuredAdminKeyIsUsedAndNothingIsGenerated() throws Exception {
    try (TestServer s = TestServer.start()) {
      assertThat(KEY.matcher(s.stdout()).find()).as(s.stdout()).isFalse();
      assertThat(s.stdout()).doesNotContain(TestServer.ADMIN_KEY);
      assertThat(Files.exists(s.dataDir().resolve("bootstrap-admin-key"))).isFalse();
      assertWorksAsAdmin(client(s, TestServer.ADMIN_KEY));
      var keys = client(s, TestServer.ADMIN_KEY).walk("/api/admin/api-keys/?scopes=admin");
      assertThat(keys).extracting(k -> k.get("label").asText()).contains("bootstrap admin");
    }
  }

  @Test
  void configuredKeyAfterAGeneratedOneIsAddedAndBothWork() throws Exception {
    Path dir = Files.createTempDirectory("asset-store-bootstrap");
    Map<String, String> db = TestDatabases.freshEnv();
    try {
      TestServer first = TestServer.start(dir, with(db, UNSET));
      String generated = onlyKeyIn(first.stdout());
      first.stop();
      TestServer second = TestServer.start(dir, db);
      try {
        assertThat(KEY.matcher(second.stdout()).find()).isFalse();
        assertWorksAsAdmin(client(second, TestServer.ADMIN_KEY));
        assertWorksAsAdmin(client(second, generated));
      } finally {
        second.stop();
      }
      // and starting again with the same configured key does not register it twice
      TestServer third = TestServer.start(dir, db);
      try {
        List<?> admins =
            client(third, TestServer.ADMIN_KEY)
                .walk("/api/admin/api-keys/?label=bootstrap%20admin");
        assertThat(admins).hasSize(2);
      } finally {
        third.stop();
      }
    } finally {
      TestServer.deleteRecursively(dir);
    }
  }
}
