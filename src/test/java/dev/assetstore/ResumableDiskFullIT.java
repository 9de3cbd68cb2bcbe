package dev.assetstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.RawTus;
import dev.assetstore.support.SeededContent;
import dev.assetstore.support.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A disk that fills up in the middle of a resumable piece (issue 16): the blob directory on an 8
 * MiB tmpfs, half of it taken by a filler file. The PATCH that runs out of room answers 507 with an
 * Upload-Offset that HEAD confirms and that never counts bytes the client did not send; once the
 * filler is removed the upload resumes from there and completes byte-identical. Needs root, as
 * {@link DiskFullIT} does.
 */
class ResumableDiskFullIT {
  static final long MIB = 1 << 20;
  static final long SIZE = 6 * MIB;
  static final long SEED = 507;
  static Path mount;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    mount = Files.createTempDirectory("asset-store-tmpfs");
    DiskFullIT.run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString());
    server = TestServer.start(Map.of("ASSET_STORE_BLOB_URL", "file:" + mount.resolve("blobs")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    DiskFullIT.run("umount", mount.toString());
    Files.deleteIfExists(mount);
  }

  @Test
  void diskFullMidPieceIs507WithATruthfulOffsetAndResumesOnceThereIsRoom() throws Exception {
    RawTus tus = new RawTus(server.http);
    String path = tus.create(SIZE, Map.of("filename", "full.bin"));
    try (InputStream src = RawTus.slice(SEED, SIZE, 0, MIB)) {
      assertThat(tus.patch(path, 0, src, MIB).statusCode()).isEqualTo(204);
    }
    Path filler = mount.resolve("filler");
    try (OutputStream out = Files.newOutputStream(filler);
        InputStream in = new SeededContent(1, 4 * MIB)) {
      in.transferTo(out);
    }

    HttpResponse<String> full;
    try (InputStream src = RawTus.slice(SEED, SIZE, MIB, SIZE - MIB)) {
      full = tus.patch(path, MIB, src, SIZE - MIB);
    }
    assertThat(full.statusCode()).as(full.body()).isEqualTo(507);
    assertThat(Http.JSON.readTree(full.body()).get("detail").asText())
        .startsWith("The server has no storage space left for this piece");
    long kept = Long.parseLong(full.headers().firstValue("Upload-Offset").orElseThrow());
    assertThat(kept).as("offset after 507").isBetween(MIB, SIZE - 1);
    assertThat(tus.offset(path)).as("HEAD agrees with the 507's offset").isEqualTo(kept);
    var parts = DiskFullIT.files(mount.resolve("blobs/uploads"));
    assertThat(parts).as("the upload's bytes on disk").hasSize(1);
    assertThat(Files.size(parts.getFirst()))
        .as("bytes on disk cover the offset")
        .isGreaterThanOrEqualTo(kept);
    System.out.printf("ResumableDiskFullIT: 507 after %d of %d bytes%n", kept, SIZE);

    // Room freed: the upload resumes from the offset it was told.
    Files.delete(filler);
    HttpResponse<String> done;
    try (InputStream src = RawTus.slice(SEED, SIZE, kept, SIZE - kept)) {
      done = tus.patch(path, kept, src, SIZE - kept);
    }
    assertThat(done.statusCode()).as(done.body()).isEqualTo(204);
    String asset = done.headers().firstValue("Asset-Location").orElseThrow();
    Http.Resp a = server.http.get(asset);
    assertThat(a.json().get("sha256").asText()).isEqualTo(SeededContent.sha256(SEED, SIZE));
    Http.Resp d = server.http.get("/api/store/asset/download?id=" + a.json().get("id").asText());
    assertThat(DiskFullIT.sha256(d.body())).isEqualTo(SeededContent.sha256(SEED, SIZE));
    assertThat(DiskFullIT.files(mount.resolve("blobs"))).as("only the asset's blob").hasSize(1);
  }
}
