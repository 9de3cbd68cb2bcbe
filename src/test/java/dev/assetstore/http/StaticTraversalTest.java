package dev.assetstore.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.RawHttp;
import dev.assetstore.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The only request paths that reach files are the share page's and the docs' static resources. Dot
 * segments, encoded or not, backslashes and absolute paths never get out of them: not to the data
 * directory (database, blobs, the bootstrap key), not to the class path, not to /etc.
 */
class StaticTraversalTest {
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    Files.writeString(server.dataDir().resolve("secret.txt"), "TOP-SECRET");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void dotSegmentsNeverLeaveTheStaticRoots() {
    Path data = server.dataDir();
    List<String> targets =
        List.of(
            "/etc/passwd",
            data + "/secret.txt",
            data + "/store.db",
            "/../../../../../../etc/passwd",
            "../share.html",
            "../../pom.xml",
            "..%2f..%2f..%2f..%2fetc%2fpasswd",
            "%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
            "%2e%2e%2f%2e%2e%2fdev/assetstore/app/Main.class",
            "..\\..\\..\\etc\\passwd",
            "..%5c..%5c..%5cetc%5cpasswd",
            "%252e%252e/%252e%252e/etc/passwd",
            "....//....//etc/passwd");
    for (String prefix : List.of("/s-static/", "/docs/", "/s/")) {
      for (String t : targets) {
        String path = prefix + (t.startsWith("/") ? t.substring(1) : t);
        RawHttp.Raw r =
            RawHttp.exchange(
                server.port(),
                "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n",
                null,
                5000);
        assertThat(r.text())
            .as("%s -> %d", path, r.status())
            .doesNotContain("root:")
            .doesNotContain("TOP-SECRET")
            .doesNotContain("SQLite format")
            .doesNotContain("<project");
        if (!prefix.equals("/s/")) {
          assertThat(r.status()).as(path).isIn(400, 404);
        }
      }
    }
  }

  @Test
  void theRealResourcesAreServed() {
    RawHttp.Raw js =
        RawHttp.exchange(
            server.port(),
            "GET /s-static/share.js HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n",
            null,
            5000);
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.header("X-Content-Type-Options")).isEqualTo("nosniff");
  }
}
