package dev.assetstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.ProcessServer;
import dev.assetstore.support.SeededContent;
import dev.assetstore.support.TestServer;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import org.junit.jupiter.api.Test;

/**
 * A large file through a real tus client (issue 16): tus-java-client 0.5.1 sends 300 MiB in 8 MiB
 * requests to the jar; the asset's sha256, crc32, name, folder, tags, description and metadata come
 * out right, and the download (streamed and hashed, never buffered) is byte-identical.
 */
class ResumableLargeIT {
  static final long SIZE = 300L * 1024 * 1024;
  static final int PIECE = 8 * 1024 * 1024;
  static final long SEED = 300;

  @Test
  void threeHundredMebibytesThroughTusJavaClient() throws Exception {
    try (ProcessServer server = ProcessServer.start(List.of("-Xmx128m"), Map.of())) {
      Http http = server.http;
      Http.Resp f = http.json("POST", "/api/store/folder/", Map.of("name", "large"));
      assertThat(f.status()).as(f.text()).isEqualTo(201);
      String folder = f.json().get("id").asText();

      TusClient client = new TusClient();
      client.setUploadCreationURL(URI.create(http.base + "/api/store/asset/tus/").toURL());
      client.setHeaders(Map.of("X-API-Key", TestServer.ADMIN_KEY));
      client.enableResuming(new TusURLMemoryStore());
      TusUpload u = new TusUpload();
      u.setInputStream(new SeededContent(SEED, SIZE));
      u.setSize(SIZE);
      u.setFingerprint("large-" + System.nanoTime());
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put("filename", "large ünïcode.bin");
      meta.put("folder", folder);
      meta.put("tags", "[\"big\",\"tus\"]");
      meta.put("metadata", "{\"k\":\"v\",\"n\":1}");
      meta.put("description", "three hundred mebibytes");
      u.setMetadata(meta);

      long t0 = System.nanoTime();
      TusUploader up = client.resumeOrCreateUpload(u);
      up.setChunkSize(64 * 1024);
      up.setRequestPayloadSize(PIECE);
      while (up.uploadChunk() > -1) {
        // a request ends after PIECE bytes; the next chunk opens the next PATCH
      }
      up.finish();
      long upNanos = System.nanoTime() - t0;
      assertThat(up.getOffset()).isEqualTo(SIZE);

      Http.Resp r = http.get(up.getUploadURL().getPath());
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      JsonNode a = r.json();
      String sha = SeededContent.sha256(SEED, SIZE);
      assertThat(a.get("name").asText()).isEqualTo("large ünïcode.bin");
      assertThat(a.get("size").asLong()).isEqualTo(SIZE);
      assertThat(a.get("sha256").asText()).isEqualTo(sha);
      assertThat(a.get("folder").get("id").asText()).isEqualTo(folder);
      assertThat(a.get("tags").toString()).isEqualTo("[\"big\",\"tus\"]");
      assertThat(a.get("metadata").toString()).isEqualTo("{\"k\":\"v\",\"n\":1}");
      assertThat(a.get("description").asText()).isEqualTo("three hundred mebibytes");

      t0 = System.nanoTime();
      HttpResponse<InputStream> d =
          S3MemoryBoundIT.stream(http, "/api/store/asset/download?id=" + a.get("id").asText());
      assertThat(d.statusCode()).isEqualTo(200);
      CRC32 crc = new CRC32();
      String got;
      try (InputStream in = new CheckedInputStream(d.body(), crc)) {
        got = S3MemoryBoundIT.sha256(in);
      }
      long downNanos = System.nanoTime() - t0;
      assertThat(got).as("downloaded bytes").isEqualTo(sha);
      assertThat(a.get("crc32").asLong()).isEqualTo(crc.getValue());
      System.out.printf(
          "ResumableLargeIT: 300 MiB via tus-java-client in 8 MiB requests: upload %.1f MB/s,"
              + " download %.1f MB/s%n",
          SIZE / 1e6 / (upNanos / 1e9), SIZE / 1e6 / (downNanos / 1e9));
    }
  }
}
