package dev.assetstore.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HarnessSmokeTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void uploadThenDownloadReturnsTheSameBytes() {
    var up = server.http.upload("hello.txt", "hello".getBytes());
    assertThat(up.status()).isEqualTo(201);
    String id = up.json().get("id").asText();
    var down = server.http.get("/api/store/asset/download?id=" + id);
    assertThat(down.status()).isEqualTo(200);
    assertThat(down.text()).isEqualTo("hello");
  }
}
