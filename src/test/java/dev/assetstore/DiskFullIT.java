package dev.assetstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.SeededContent;
import dev.assetstore.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real full disk: the blob directory on a 4 MiB tmpfs (the database stays on the ordinary disk,
 * as with a separate volume for the bytes). Uploads that do not fit answer 507 and leave nothing;
 * what was stored stays readable; deleting an asset frees room and uploads work again.
 *
 * <p>Mounting needs root (CAP_SYS_ADMIN), which the project machines and CI have; without it this
 * test fails rather than skipping.
 */
class DiskFullIT {
  static final long MIB = 1 << 20;
  static Path mount;
  static TestServer server;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    mount = Files.createTempDirectory("asset-store-tmpfs");
    run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.toString());
    server = TestServer.start(Map.of("ASSET_STORE_BLOB_URL", "file:" + mount.resolve("blobs")));
    http = server.http;
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    run("umount", mount.toString());
    Files.deleteIfExists(mount);
  }

  static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", String.join(" ", cmd), out).isZero();
  }

  static Http.Resp upload(String name, long seed, long size) {
    return http.upload(
        "",
        name,
        "application/octet-stream",
        SeededContent.publisher(seed, size),
        Map.of(),
        Map.of());
  }

  static List<Path> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void uploadsThatDoNotFitAre507AndLeaveNothingThenRoomFreedIsUsable() throws Exception {
    List<JsonNode> stored = new ArrayList<>();
    Http.Resp refused = null;
    for (int i = 0; i < 8 && refused == null; i++) {
      Http.Resp r = upload("fill-" + i + ".bin", i, MIB);
      if (r.status() == 201) {
        stored.add(r.json());
      } else {
        refused = r;
      }
    }
    assertThat(stored).as("uploads that fitted in 4 MiB").hasSizeBetween(1, 4);
    assertThat(refused).as("an upload that did not fit").isNotNull();
    assertThat(refused.status()).as(refused.text()).isEqualTo(507);
    assertThat(refused.json().get("detail").asText())
        .isEqualTo("The server has no storage space left for this file; nothing was stored");

    // Nothing half-stored: one file per record, no temporary file, no record for the refused one.
    Path blobs = mount.resolve("blobs");
    assertThat(files(blobs.resolve("tmp"))).isEmpty();
    assertThat(files(blobs)).hasSize(stored.size());
    assertThat(http.get("/api/store/asset/?limit=1").json().get("collection_total").asLong())
        .isEqualTo(stored.size());

    // Reads go on while the disk is full.
    for (int i = 0; i < stored.size(); i++) {
      Http.Resp d = http.get("/api/store/asset/download?id=" + stored.get(i).get("id").asText());
      assertThat(d.status()).isEqualTo(200);
      assertThat(sha256(d.body())).isEqualTo(SeededContent.sha256(i, MIB));
    }
    assertThat(upload("still-full.bin", 99, MIB).status()).isEqualTo(507);

    // Deleting frees room; the next upload is stored whole.
    String first = stored.getFirst().get("id").asText();
    assertThat(http.delete("/api/store/asset/" + first).status()).isEqualTo(204);
    Http.Resp again = upload("after-delete.bin", 42, MIB / 2);
    assertThat(again.status()).as(again.text()).isEqualTo(201);
    Http.Resp d = http.get("/api/store/asset/download?id=" + again.json().get("id").asText());
    assertThat(sha256(d.body())).isEqualTo(SeededContent.sha256(42, MIB / 2));
    assertThat(files(blobs.resolve("tmp"))).isEmpty();
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
