package dev.assetstore.http.folders;

import static dev.assetstore.http.folders.Folders.createId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.StrictZip;
import dev.assetstore.support.TestServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/store/folder/{id}/download}: the subtree as a STORED ZIP, file by file. */
class FolderDownloadTest {
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

  /** Entry name → bytes (null for a directory), read with ZipInputStream (streaming reader). */
  static Map<String, byte[]> readStreaming(byte[] zip) throws Exception {
    StrictZip.check(zip);
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (var in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        assertThat(e.getMethod()).as(e.getName()).isEqualTo(ZipEntry.STORED);
        byte[] data = in.readAllBytes();
        assertThat(out.put(e.getName(), e.isDirectory() ? null : data))
            .as("duplicate entry %s", e.getName())
            .isNull();
        if (e.isDirectory()) {
          assertThat(data).isEmpty();
        }
      }
    }
    return out;
  }

  /** The same, read through the central directory with ZipFile. */
  static Map<String, byte[]> readCentral(byte[] zip) throws Exception {
    Path tmp = Files.createTempFile("folder", ".zip");
    try {
      Files.write(tmp, zip);
      Map<String, byte[]> out = new LinkedHashMap<>();
      try (var zf = new ZipFile(tmp.toFile(), StandardCharsets.UTF_8)) {
        for (ZipEntry e : Collections.list(zf.entries())) {
          assertThat(e.getMethod()).as(e.getName()).isEqualTo(ZipEntry.STORED);
          byte[] data = zf.getInputStream(e).readAllBytes();
          assertThat(e.getSize()).isEqualTo(data.length);
          CRC32 crc = new CRC32();
          crc.update(data);
          assertThat(e.getCrc()).as(e.getName()).isEqualTo(crc.getValue());
          out.put(e.getName(), e.isDirectory() ? null : data);
        }
      }
      return out;
    } finally {
      Files.delete(tmp);
    }
  }

  static Http.Resp download(String id) {
    var r = http.get("/api/store/folder/" + id + "/download");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/zip");
    assertThat(r.header("Content-Length")).isEqualTo(Long.toString(r.body().length));
    return r;
  }

  @Test
  void subtreeZipHasEveryFileAndEmptyDirectory() throws Exception {
    // Proj/
    //   readme.txt, random.bin (1 MiB)
    //   src/main.java, src/deep/ (empty child "empty2"), src/deep/x.txt
    //   empty/
    //   données/été 2026.txt, données/∅/ (empty)
    //   zero/zero.txt (0 bytes)
    String proj = createId(http, "Proj", null);
    String src = createId(http, "src", proj);
    String deep = createId(http, "deep", src);
    createId(http, "empty2", deep);
    createId(http, "empty", proj);
    String donnees = createId(http, "donn\u00e9es", proj);
    createId(http, "\u2205", donnees);
    String zero = createId(http, "zero", proj);
    byte[] random = new byte[1 << 20];
    new Random(42).nextBytes(random);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("Proj/readme.txt", upload(proj, "readme.txt", "read me\n"));
    files.put("Proj/random.bin", uploadBytes(proj, "random.bin", random));
    files.put("Proj/src/main.java", upload(src, "main.java", "class Main {}"));
    files.put("Proj/src/deep/x.txt", upload(deep, "x.txt", "x"));
    files.put(
        "Proj/donn\u00e9es/\u00e9t\u00e9 2026.txt",
        upload(donnees, "\u00e9t\u00e9 2026.txt", "summer"));
    files.put("Proj/zero/zero.txt", upload(zero, "zero.txt", ""));
    // an asset elsewhere must not leak in
    String other = createId(http, "Other", null);
    upload(other, "secret.txt", "not in Proj");
    upload(null, "rootfile.txt", "not in Proj");
    // a folder whose name starts like "Proj" is not part of the subtree
    String lookalike = createId(http, "Proj2", null);
    upload(lookalike, "nope.txt", "not in Proj");

    var r = download(proj);
    assertThat(r.header("Content-Disposition")).contains("attachment").contains("Proj.zip");
    Set<String> emptyDirs =
        Set.of("Proj/empty/", "Proj/src/deep/empty2/", "Proj/donn\u00e9es/\u2205/");
    for (Map<String, byte[]> zip : List.of(readStreaming(r.body()), readCentral(r.body()))) {
      Set<String> fileNames = new LinkedHashSet<>();
      Set<String> dirNames = new LinkedHashSet<>();
      zip.forEach((n, b) -> (b == null ? dirNames : fileNames).add(n));
      assertThat(fileNames).containsExactlyInAnyOrderElementsOf(files.keySet());
      files.forEach((n, b) -> assertThat(zip.get(n)).as(n).isEqualTo(b));
      assertThat(dirNames).containsAll(emptyDirs);
      // any other directory entry is a real folder of the subtree
      assertThat(dirNames)
          .isSubsetOf(
              "Proj/",
              "Proj/src/",
              "Proj/src/deep/",
              "Proj/src/deep/empty2/",
              "Proj/empty/",
              "Proj/donn\u00e9es/",
              "Proj/donn\u00e9es/\u2205/",
              "Proj/zero/");
      assertThat(zip.keySet()).allSatisfy(n -> assertThat(n).startsWith("Proj/"));
    }

    // HEAD announces the same length without a body
    var head = http.head("/api/store/folder/" + proj + "/download");
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo(Long.toString(r.body().length));
    assertThat(head.body()).isEmpty();

    // a subfolder's archive is rooted at that subfolder
    var sub = download(src);
    var subZip = readCentral(sub.body());
    assertThat(subZip.keySet()).allSatisfy(n -> assertThat(n).startsWith("src/"));
    assertThat(subZip.get("src/main.java")).isEqualTo("class Main {}".getBytes());
    assertThat(subZip.get("src/deep/x.txt")).isEqualTo("x".getBytes());
    assertThat(subZip).containsKey("src/deep/empty2/");
    assertThat(sub.header("Content-Disposition")).contains("src.zip");

    // after a move and rename the archive follows the new names
    assertThat(http.json("PATCH", "/api/store/folder/" + deep, Map.of("name", "Tief")).status())
        .isEqualTo(200);
    var moved = readStreaming(download(proj).body());
    assertThat(moved).containsKeys("Proj/src/Tief/x.txt", "Proj/src/Tief/empty2/");
    assertThat(moved).doesNotContainKey("Proj/src/deep/x.txt");
  }

  @Test
  void emptyFolderIsAZipWithItsDirectoryOnly() throws Exception {
    String id = createId(http, "Lonely", null);
    var r = download(id);
    var zip = readCentral(r.body());
    assertThat(zip.keySet()).containsExactly("Lonely/");
    assertThat(readStreaming(r.body()).keySet()).containsExactly("Lonely/");
  }

  @Test
  void sameNamedFolderAndAssetBothAppear() throws Exception {
    // a folder and an asset may share a name, but "x/" and "x" cannot both be unpacked: the file
    // is numbered
    String p = createId(http, "Twin", null);
    String x = createId(http, "x", p);
    upload(x, "inner.txt", "inner");
    upload(p, "x", "outer");
    var zip = readCentral(download(p).body());
    assertThat(zip.get("Twin/x (1)")).isEqualTo("outer".getBytes());
    assertThat(zip).containsKey("Twin/x/").doesNotContainKey("Twin/x");
    assertThat(zip.get("Twin/x/inner.txt")).isEqualTo("inner".getBytes());
  }

  @Test
  void unknownFolderIs404() {
    assertThat(http.get("/api/store/folder/" + UUID.randomUUID() + "/download").status())
        .isEqualTo(404);
    assertThat(http.get("/api/store/folder/nope/download").status()).isEqualTo(404);
    String id = createId(http, "Gone", null);
    assertThat(http.delete("/api/store/folder/" + id).status()).isEqualTo(204);
    assertThat(http.get("/api/store/folder/" + id + "/download").status()).isEqualTo(404);
  }

  private static byte[] upload(String folder, String name, String content) {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    Folders.upload(http, folder, name, b);
    return b;
  }

  private static byte[] uploadBytes(String folder, String name, byte[] b) {
    Folders.upload(http, folder, name, b);
    return b;
  }
}
