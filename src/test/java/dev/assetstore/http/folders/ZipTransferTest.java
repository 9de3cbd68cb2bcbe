package dev.assetstore.http.folders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ZIP bodies sent as file regions keep their order: files larger than one region (1 MiB), empty
 * files and small ones, in a folder ZIP and a multi-asset ZIP, unzip to exactly their bytes.
 */
class ZipTransferTest {
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
  void largeSmallAndEmptyEntriesArriveIntactAndInOrder() throws IOException {
    String folder =
        http.json("POST", "/api/store/folder/", Map.of("name", "zip-" + UUID.randomUUID()))
            .json()
            .get("id")
            .asText();
    Random random = new Random(7);
    Map<String, byte[]> files = new HashMap<>();
    List<String> ids = new java.util.ArrayList<>();
    int[] sizes = {3 * 1024 * 1024 + 7, 10, 1024 * 1024, 0, 2 * 1024 * 1024 + 1, 20_000};
    for (int i = 0; i < sizes.length; i++) {
      byte[] b = new byte[sizes[i]];
      random.nextBytes(b);
      String name = "f" + i + ".bin";
      files.put(name, b);
      Resp up = http.upload("?folder=" + folder, name, b, Map.of());
      assertThat(up.status()).as(up.text()).isEqualTo(201);
      ids.add(up.json().get("id").asText());
    }

    Resp zip = http.get("/api/store/folder/" + folder + "/download");
    assertThat(zip.status()).isEqualTo(200);
    assertThat(Long.parseLong(zip.header("Content-Length"))).isEqualTo(zip.body().length);
    assertEntries(zip.body(), files);

    Resp multi =
        http.get(
            "/api/store/asset/download?"
                + String.join("&", ids.stream().map(id -> "id=" + id).toList()));
    assertThat(multi.status()).isEqualTo(200);
    assertThat(Long.parseLong(multi.header("Content-Length"))).isEqualTo(multi.body().length);
    assertEntries(multi.body(), files);
  }

  private static void assertEntries(byte[] zip, Map<String, byte[]> files) throws IOException {
    Map<String, byte[]> seen = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        if (!e.isDirectory()) {
          String name = e.getName().substring(e.getName().lastIndexOf('/') + 1);
          // ZipInputStream checks each entry's CRC32 as it reads it.
          seen.put(name, in.readAllBytes());
        }
      }
    }
    assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(files.keySet());
    for (var f : files.entrySet()) {
      assertThat(seen.get(f.getKey())).as(f.getKey()).isEqualTo(f.getValue());
    }
  }
}
