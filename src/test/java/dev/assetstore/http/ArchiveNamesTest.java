package dev.assetstore.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.StrictZip;
import dev.assetstore.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile names (everything the name rules of API.md §5 let through, plus what they refuse) in
 * every kind of archive the server produces — multi-asset, folder, resolver, share as the owner,
 * share as a recipient — each checked by {@link StrictZip}: both ZIP readers agree, names are safe
 * and portable, and unpacking stays inside the target directory with every byte in place.
 */
class ArchiveNamesTest {
  /** Accepted by the API, dangerous or awkward on some disk or in some viewer. */
  static final List<String> ACCEPTED =
      List.of(
          "...",
          "..hidden",
          "trail..",
          "C:",
          "c:evil.txt",
          "CON",
          "con.txt",
          "NUL.tar.gz",
          "COM1",
          "trailing.",
          "trailing ",
          " leading",
          "invoice\u202Efdp.exe",
          "zero\u200Bwidth",
          "bom\uFEFF.txt",
          "isolate\u2066x\u2069",
          "what?.pdf",
          "a<b>c|d*e\"f",
          "x".repeat(255),
          "\u00e9".repeat(251) + ".png",
          "\uD83D\uDE00".repeat(255),
          "Case.txt",
          "CASE.TXT",
          "same",
          "same?",
          "same*");

  /** Refused by the API with 422 (and so never reach an archive). */
  static final List<String> REFUSED =
      List.of(
          "..",
          ".",
          "../x",
          "a/b",
          "/etc",
          "a\\b",
          "..\\..\\x",
          "a\u0000b",
          "tab\t",
          "nl\n",
          "del\u007f",
          "c1\u0085",
          "ls\u2028");

  static TestServer server;
  static Http http;
  static String rootId;
  static String rootAssetsZip;
  static final Map<String, String> contentOf = new LinkedHashMap<>(); // asset id → content
  static final List<String> rootAssets = new ArrayList<>();
  static int fileCount;
  static int folderCount;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http.http11();
    rootId = server.createFolder("Hostile", null);
    folderCount = 1;
    for (String name : ACCEPTED) {
      rootAssets.add(upload(rootId, name));
    }
    // A folder and an asset may share a name in one parent; folders differing only in case too.
    String data = server.createFolder("data.txt", rootId);
    upload(rootId, "data.txt");
    upload(data, "inner.txt");
    server.createFolder("Data", rootId);
    server.createFolder("DATA", rootId);
    folderCount += 3;
    // Hostile folder names, nested, each holding hostile file names.
    String parent = rootId;
    for (String name :
        List.of("...", "C:", "CON", "\u202Eevil", "trailing. ", "q?", "y".repeat(255))) {
      String f = server.createFolder(name, parent);
      folderCount++;
      for (String file : List.of("CON", "invoice\u202Efdp.exe", "...", "C:")) {
        upload(f, file);
      }
      parent = f;
    }
    rootAssetsZip =
        "/api/store/asset/download?"
            + String.join("&", rootAssets.stream().map(id -> "id=" + id).toList());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String upload(String folder, String name) {
    String content = "content #" + contentOf.size() + " of " + name;
    Resp r =
        http.upload(
            "?folder=" + folder,
            "upload.bin",
            content.getBytes(StandardCharsets.UTF_8),
            Map.of("name", name));
    assertThat(r.status()).as("upload %s: %s", name, r.text()).isEqualTo(201);
    String id = r.json().get("id").asText();
    contentOf.put(id, content);
    fileCount++;
    return id;
  }

  /** Checks the archive strictly and that it holds exactly these contents, once each. */
  static Map<String, byte[]> assertStrict(Resp r, List<String> expectedContents) {
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/zip");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    Map<String, byte[]> entries = StrictZip.check(r.body());
    List<String> files = new ArrayList<>();
    entries.values().stream()
        .filter(b -> b != null)
        .forEach(b -> files.add(new String(b, StandardCharsets.UTF_8)));
    assertThat(files).containsExactlyInAnyOrderElementsOf(expectedContents);
    return entries;
  }

  @Test
  void refusedNamesAre422ForAssetsAndFolders() {
    String asset = rootAssets.getFirst();
    for (String name : REFUSED) {
      Resp folder = http.json("POST", "/api/store/folder/", Map.of("name", name));
      assertThat(folder.status()).as("folder %s: %s", name, folder.text()).isEqualTo(422);
      Resp rename = http.json("PATCH", "/api/store/asset/" + asset, Map.of("name", name));
      assertThat(rename.status()).as("rename to %s: %s", name, rename.text()).isEqualTo(422);
    }
    assertThat(http.get("/api/store/asset/" + asset).json().get("name").asText())
        .isEqualTo(ACCEPTED.getFirst());
  }

  @Test
  void multiAssetZip() {
    Resp r = http.get(rootAssetsZip);
    Map<String, byte[]> entries = assertStrict(r, rootAssets.stream().map(contentOf::get).toList());
    assertThat(entries).containsKeys("_CON", "invoice_fdp.exe", "C_", "___", "Case.txt");
    assertThat(entries.keySet()).contains("CASE (1).TXT");
  }

  @Test
  void folderZipAndTheResolversZip() {
    List<String> all = List.copyOf(contentOf.values());
    Map<String, byte[]> entries =
        assertStrict(http.get("/api/store/folder/" + rootId + "/download"), all);
    assertThat(entries.keySet().stream().filter(n -> n.endsWith("/")).count())
        .isEqualTo(folderCount);
    assertThat(entries)
        .containsKeys("Hostile/data.txt/", "Hostile/data (1).txt", "Hostile/data.txt/inner.txt");
    // "DATA" sorts before "Data" (by path, bytewise), so it keeps its name.
    assertThat(entries).containsKeys("Hostile/DATA/", "Hostile/Data (1)/", "Hostile/___/C_/_CON/");
    assertStrict(
        http.get("/api/store/?as_json=false&url=" + Http.enc("/api/store/folder/" + rootId)), all);
  }

  @Test
  void aFolderWithAHostileNameIsTheArchiveRoot() {
    String con = server.createFolder("CON", null);
    Resp up =
        http.upload("?folder=" + con, "nul", "device".getBytes(StandardCharsets.UTF_8), Map.of());
    assertThat(up.status()).isEqualTo(201);
    Resp r = http.get("/api/store/folder/" + con + "/download");
    Map<String, byte[]> entries = assertStrict(r, List.of("device"));
    assertThat(entries.keySet()).containsExactly("_CON/", "_CON/_nul");
    assertThat(r.header("Content-Disposition")).contains("filename=\"_CON.zip\"");
  }

  @Test
  void shareZipsForTheOwnerAndForTheRecipient() {
    List<String> all = List.copyOf(contentOf.values());
    Resp created = http.json("POST", "/api/share/", Map.of("folder", rootId));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String shareId = created.json().get("id").asText();
    assertStrict(http.get("/api/share/" + shareId + "/download"), all);

    Resp redeemed =
        http.as(null)
            .json(
                "POST",
                "/api/share/get_access",
                Map.of("token", created.json().get("token").asText()));
    assertThat(redeemed.status()).as(redeemed.text()).isEqualTo(200);
    String token = redeemed.json().get("access_token").asText();
    Http anon = http.as(null);
    Resp folderZip =
        anon.send(
            anon.request("/api/share/access/folder/" + rootId + "/download")
                .header("Authorization", "Bearer " + token)
                .build());
    assertStrict(folderZip, all);
    Resp assetsZip =
        anon.send(
            anon.request(rootAssetsZip.replace("/api/store/asset/", "/api/share/access/"))
                .header("Authorization", "Bearer " + token)
                .build());
    assertStrict(assetsZip, rootAssets.stream().map(contentOf::get).toList());
  }

  /** A single download keeps the stored name but loses what is invisible (the RTL override). */
  @Test
  void singleDownloadsLoseInvisibleCharacters() {
    String id = rootAssets.get(ACCEPTED.indexOf("invoice\u202Efdp.exe"));
    Resp r = http.get("/api/store/asset/download?id=" + id);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Disposition"))
        .isEqualTo("attachment; filename=\"invoice_fdp.exe\"; filename*=UTF-8''invoice_fdp.exe");
    String zw = rootAssets.get(ACCEPTED.indexOf("zero\u200Bwidth"));
    assertThat(http.get("/api/store/asset/download?id=" + zw).header("Content-Disposition"))
        .endsWith("filename*=UTF-8''zero_width");
    String what = rootAssets.get(ACCEPTED.indexOf("what?.pdf"));
    assertThat(http.get("/api/store/asset/download?id=" + what).header("Content-Disposition"))
        .endsWith("filename*=UTF-8''what%3F.pdf");
  }
}
