package dev.assetstore.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** API.md §9: health, readiness, metrics, docs, and the request log. */
class OperationsTest {
  static TestServer server;
  static Http anonymous;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    anonymous = server.http.as(null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void healthAndReadyNeedNoCredentials() {
    var health = anonymous.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("ok");
    var ready = anonymous.get("/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("status").asText()).isEqualTo("ready");
    assertThat(ready.json().at("/checks/database").asText()).isEqualTo("ok");
    assertThat(ready.json().at("/checks/blob_store").asText()).isEqualTo("ok");
  }

  @Test
  void metricsArePrometheusTextWithPerOperationCounts() {
    server.http.upload("m.txt", "metrics".getBytes());
    server.http.get("/api/store/asset/?limit=1");
    var m = anonymous.get("/metrics");
    assertThat(m.status()).isEqualTo(200);
    assertThat(m.header("Content-Type")).startsWith("text/plain");
    String text = m.text();
    assertThat(text).contains("asset_store_http_requests_seconds_count{");
    assertThat(text).containsPattern("op=\"asset.upload\"");
    assertThat(text).containsPattern("op=\"asset.list\"");
    assertThat(text).contains("asset_store_http_bytes_in");
    assertThat(text).contains("jvm_memory_used_bytes");
  }

  @Test
  void openApiDocumentAndSwaggerUiAreServedFromTheJar() {
    var doc = anonymous.get("/api/openapi.json");
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.json().get("openapi").asText()).startsWith("3.1");
    var ui = anonymous.get("/docs");
    assertThat(ui.status()).isEqualTo(200);
    assertThat(ui.header("Content-Type")).startsWith("text/html");
    assertThat(ui.text()).contains("swagger-ui-bundle.js").doesNotContain("https://");
    var bundle = anonymous.get("/docs/swagger-ui-bundle.js");
    assertThat(bundle.status()).isEqualTo(200);
    assertThat(bundle.body().length).isGreaterThan(100_000);
    assertThat(anonymous.get("/docs/docs-init.js").text()).contains("/api/openapi.json");
  }

  @Test
  void unknownRoutesAndMethodsGetContractBodies() {
    var nf = server.http.get("/api/nothing-here");
    assertThat(nf.status()).isEqualTo(404);
    assertThat(nf.json().get("detail").asText()).isEqualTo("Not Found");
    var method = server.http.json("POST", "/api/store/asset/download", "{}");
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.json().get("detail").isTextual()).isTrue();
  }

  @Test
  void oneJsonLinePerRequestWithoutSecrets() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger("request");
    Level before = log.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    log.addAppender(appender);
    log.setLevel(Level.INFO);
    try {
      var up = server.http.upload("secret-name.txt", "x".getBytes());
      String id = up.json().get("id").asText();
      server.http.get("/api/store/asset/" + id, "X-Request-Id", "trace-me-123");
      server.http.get("/api/store/asset/?cursor=SECRETCURSOR&name=secret-name.txt");
      server.http.as("sla_live_not-a-real-key-but-secret").get("/api/store/asset/");
      long deadline = System.currentTimeMillis() + 5000;
      while (appender.list.size() < 4 && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      assertThat(appender.list).hasSizeGreaterThanOrEqualTo(4);
      boolean sawTraced = false;
      for (ILoggingEvent e : appender.list) {
        String line = e.getFormattedMessage();
        JsonNode json = Http.JSON.readTree(line);
        assertThat(json.has("op")).isTrue();
        assertThat(json.has("status")).isTrue();
        assertThat(json.has("duration_ms")).isTrue();
        assertThat(json.has("request_id")).isTrue();
        assertThat(json.has("route")).isTrue();
        assertThat(line)
            .doesNotContain(TestServer.ADMIN_KEY)
            .doesNotContain("not-a-real-key-but-secret")
            .doesNotContain("SECRETCURSOR")
            .doesNotContain("secret-name");
        if ("trace-me-123".equals(json.get("request_id").asText())) {
          sawTraced = true;
          assertThat(json.get("op").asText()).isEqualTo("asset.get");
          assertThat(json.get("route").asText()).isEqualTo("/api/store/asset/:id");
          assertThat(json.get("principal").asText()).startsWith("api_key:");
        }
      }
      assertThat(sawTraced).isTrue();
    } finally {
      log.detachAppender(appender);
      log.setLevel(before);
    }
  }
}
