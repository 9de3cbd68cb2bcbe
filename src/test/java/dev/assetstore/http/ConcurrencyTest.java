package dev.assetstore.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 50 uploads at once, then 50 downloads at once: every byte where it belongs. */
class ConcurrencyTest {
  static final int N = 50;
  static TestServer server;
  static Http http;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http.http11();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  /** With a plain HTTP/1.1 client and with the default client that offers an h2c upgrade. */
  @ParameterizedTest
  @ValueSource(strings = {"http/1.1", "h2c-offering"})
  void fiftyParallelUploadsThenFiftyParallelDownloads(String protocol) throws Exception {
    Http http = protocol.equals("h2c-offering") ? server.http : ConcurrencyTest.http;
    long seed = System.nanoTime();
    Random r = new Random(seed);
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      byte[] b = new byte[64 * 1024 + r.nextInt(1024 * 1024 - 64 * 1024 + 1)];
      r.nextBytes(b);
      contents.add(b);
    }
    Map<String, String> shaById = new HashMap<>();
    Map<String, Integer> sizeById = new HashMap<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(N)) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Resp>> ups = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        byte[] b = contents.get(i);
        // the same name for all: the server must rename, never overwrite
        ups.add(
            pool.submit(
                () -> {
                  go.await();
                  return http.upload("same.bin", b);
                }));
      }
      go.countDown();
      Set<String> names = new HashSet<>();
      for (int i = 0; i < N; i++) {
        Resp up = ups.get(i).get();
        assertThat(up.status()).as("seed=" + seed + " " + up.text()).isEqualTo(201);
        JsonNode j = up.json();
        String expected = sha256(contents.get(i));
        assertThat(j.get("sha256").asText()).isEqualTo(expected);
        assertThat(j.get("size").asLong()).isEqualTo(contents.get(i).length);
        shaById.put(j.get("id").asText(), expected);
        sizeById.put(j.get("id").asText(), contents.get(i).length);
        names.add(j.get("name").asText());
      }
      assertThat(shaById).hasSize(N);
      assertThat(names).as("unique names in one folder").hasSize(N);

      CountDownLatch go2 = new CountDownLatch(1);
      Map<String, Future<Resp>> downs = new HashMap<>();
      for (String id : shaById.keySet()) {
        downs.put(
            id,
            pool.submit(
                () -> {
                  go2.await();
                  return http.get("/api/store/asset/download?id=" + id);
                }));
      }
      go2.countDown();
      for (var e : downs.entrySet()) {
        Resp d = e.getValue().get();
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.body().length).isEqualTo(sizeById.get(e.getKey()));
        assertThat(sha256(d.body())).as("seed=" + seed).isEqualTo(shaById.get(e.getKey()));
        assertThat(d.header("ETag")).isEqualTo("\"" + shaById.get(e.getKey()) + "\"");
      }
    }

    List<JsonNode> listed = http.walk("/api/store/asset/?limit=7");
    assertThat(listed).hasSize(N);
    Set<String> listedIds = new HashSet<>();
    listed.forEach(j -> listedIds.add(j.get("id").asText()));
    assertThat(listedIds).isEqualTo(shaById.keySet());
    Resp first = http.get("/api/store/asset/");
    assertThat(first.json().get("collection_total").asLong()).isEqualTo(N);
    assertThat(server.blobFileCount()).isEqualTo(N);

    // clean up for the next protocol: deletes remove records and bytes
    for (String id : shaById.keySet()) {
      assertThat(http.delete("/api/store/asset/" + id).status()).isEqualTo(204);
    }
    assertThat(http.get("/api/store/asset/").json().get("collection_total").asLong()).isZero();
    assertThat(server.blobFileCount()).isZero();
  }
}
