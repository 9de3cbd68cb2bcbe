package dev.assetstore.http.tus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.SeededContent;
import dev.assetstore.support.TestServer;
import io.tus.java.client.TusClient;
import io.tus.java.client.TusURLMemoryStore;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * tus-java-client 0.5.1, a real tus client, uploads files of several sizes in pieces; the asset's
 * digests, name, folder, tags and metadata come out right and it downloads byte-identical.
 */
class TusClientTest {
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

  static TusClient client() throws Exception {
    TusClient c = new TusClient();
    c.setUploadCreationURL(URI.create(http.base + "/api/store/asset/tus/").toURL());
    c.setHeaders(Map.of("X-API-Key", TestServer.ADMIN_KEY));
    c.enableResuming(new TusURLMemoryStore());
    return c;
  }

  /**
   * Uploads {@code size} seeded bytes in requests of {@code payload} bytes; returns the upload URL.
   */
  static String upload(long seed, long size, int payload, Map<String, String> meta)
      throws Exception {
    TusUpload u = new TusUpload();
    u.setInputStream(new SeededContent(seed, size));
    u.setSize(size);
    u.setFingerprint("seed-" + seed + "-" + size + "-" + System.nanoTime());
    u.setMetadata(meta);
    TusUploader up = client().resumeOrCreateUpload(u);
    up.setChunkSize(64 * 1024);
    up.setRequestPayloadSize(payload);
    while (up.uploadChunk() > -1) {
      // each call sends up to a chunk; a request ends after payload bytes
    }
    up.finish();
    assertThat(up.getOffset()).isEqualTo(size);
    return up.getUploadURL().toString();
  }

  static JsonNode assetOf(String uploadUrl) {
    Http.Resp r = http.get(URI.create(uploadUrl).getPath());
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json();
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  void roundTrip(long seed, long size, int payload) throws Exception {
    String folder = server.createFolder("tus-" + seed + "-" + size, null);
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("filename", "file-" + size + ".bin");
    meta.put("folder", folder);
    meta.put("tags", "[\"big\",\"tus\"]");
    meta.put("metadata", "{\"k\":\"v\",\"n\":1}");
    meta.put("description", "sent in pieces");
    String url = upload(seed, size, payload, meta);
    JsonNode a = assetOf(url);
    assertThat(a.get("name").asText()).isEqualTo("file-" + size + ".bin");
    assertThat(a.get("size").asLong()).isEqualTo(size);
    assertThat(a.get("sha256").asText()).isEqualTo(SeededContent.sha256(seed, size));
    assertThat(a.get("folder").get("id").asText()).isEqualTo(folder);
    assertThat(a.get("tags").toString()).isEqualTo("[\"big\",\"tus\"]");
    assertThat(a.get("metadata").toString()).isEqualTo("{\"k\":\"v\",\"n\":1}");
    assertThat(a.get("description").asText()).isEqualTo("sent in pieces");
    Http.Resp d = http.get("/api/store/asset/download?id=" + a.get("id").asText());
    assertThat(d.status()).isEqualTo(200);
    assertThat(d.body().length).isEqualTo((int) size);
    try (InputStream expected = new SeededContent(seed, size)) {
      assertThat(d.body()).isEqualTo(expected.readAllBytes());
    }
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(d.body());
    assertThat(a.get("crc32").asLong()).isEqualTo(crc.getValue());
  }

  @Test
  void emptyFile() throws Exception {
    roundTrip(1, 0, 1024 * 1024);
  }

  @Test
  void oneByte() throws Exception {
    roundTrip(2, 1, 1024 * 1024);
  }

  @Test
  void exactlyOnePiece() throws Exception {
    roundTrip(3, 1024 * 1024, 1024 * 1024);
  }

  @Test
  void severalMebibytesInPiecesAcrossCheckpoints() throws Exception {
    // 19 MiB + 7 bytes in 3 MiB requests: pieces end off the 8 MiB checkpoints, and off parts.
    roundTrip(4, 19L * 1024 * 1024 + 7, 3 * 1024 * 1024);
  }

  @Test
  void contentTypeIsDetectedFromNameAndBytes() throws Exception {
    String url = upload(5, 100, 1024, Map.of("filename", "notes.txt"));
    assertThat(assetOf(url).get("content_type").asText()).startsWith("text/plain");
    String typed = upload(6, 100, 1024, Map.of("filename", "x.bin", "filetype", "image/x-custom"));
    assertThat(assetOf(typed).get("content_type").asText()).isEqualTo("image/x-custom");
  }
}
