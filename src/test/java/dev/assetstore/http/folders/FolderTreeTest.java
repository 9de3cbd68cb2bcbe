package dev.assetstore.http.folders;

import static dev.assetstore.http.folders.Folders.createId;
import static dev.assetstore.http.folders.Folders.upload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A 10 × 10 × 10 tree (1,110 folders, 200 assets) built over HTTP, a top-level branch moved under
 * another, that one renamed, every folder's and asset's path checked, then a recursive delete that
 * must leave no folder row, asset row or blob of the subtree while the rest stays intact.
 */
class FolderTreeTest {
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

  record Node(String name, String parent) {}

  final Map<String, Node> folders = new ConcurrentHashMap<>();
  final Map<String, Node> assets = new ConcurrentHashMap<>();
  final Map<String, byte[]> bytes = new ConcurrentHashMap<>();

  String path(String folderId) {
    if (folderId == null) {
      return "";
    }
    Node n = folders.get(folderId);
    return path(n.parent()) + "/" + n.name();
  }

  String assetPath(String assetId) {
    Node n = assets.get(assetId);
    return path(n.parent()) + "/" + n.name();
  }

  /** Every folder and asset below (and including) {@code root}. */
  Set<String> subtree(String root) {
    Set<String> out = new HashSet<>();
    out.add(root);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (var e : folders.entrySet()) {
        if (e.getValue().parent() != null
            && out.contains(e.getValue().parent())
            && out.add(e.getKey())) {
          grew = true;
        }
      }
    }
    return out;
  }

  static <T> List<T> parallel(ExecutorService pool, List<Supplier<T>> jobs) throws Exception {
    List<Future<T>> fs = new ArrayList<>();
    for (var j : jobs) {
      fs.add(pool.submit(j::get));
    }
    List<T> out = new ArrayList<>();
    for (var f : fs) {
      out.add(f.get());
    }
    return out;
  }

  void checkEveryPath() {
    List<JsonNode> listed = http.walk("/api/store/folder/?limit=250&hydrate=false");
    assertThat(listed).hasSize(folders.size());
    Set<String> seen = new HashSet<>();
    for (JsonNode f : listed) {
      String id = f.get("id").asText();
      assertThat(seen.add(id)).as("listed twice: %s", id).isTrue();
      Node n = folders.get(id);
      assertThat(n).as("unexpected folder %s", f).isNotNull();
      assertThat(f.get("path").asText()).as(id).isEqualTo(path(id));
      assertThat(f.get("name").asText()).isEqualTo(n.name());
      if (n.parent() == null) {
        assertThat(f.get("parent").isNull()).isTrue();
      } else {
        assertThat(f.get("parent").asText()).isEqualTo(n.parent());
      }
    }
    List<JsonNode> listedAssets = http.walk("/api/store/asset/?limit=250");
    assertThat(listedAssets).hasSize(assets.size());
    for (JsonNode a : listedAssets) {
      String id = a.get("id").asText();
      assertThat(a.get("path").asText()).as(id).isEqualTo(assetPath(id));
      assertThat(a.get("folder").get("id").asText()).isEqualTo(assets.get(id).parent());
      assertThat(a.get("folder").get("path").asText()).isEqualTo(path(assets.get(id).parent()));
    }
  }

  @Test
  void buildMoveRenameAndDeleteAThousandFolderTree() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<String> tops = new ArrayList<>();
      for (int t = 0; t < 10; t++) {
        String name = "T" + t;
        String id = createId(http, name, null);
        folders.put(id, new Node(name, null));
        tops.add(id);
      }
      List<Supplier<String[]>> midJobs = new ArrayList<>();
      for (String top : tops) {
        for (int m = 0; m < 10; m++) {
          String name = "M" + m;
          midJobs.add(() -> new String[] {createId(http, name, top), name, top});
        }
      }
      List<String> mids = new ArrayList<>();
      for (String[] r : parallel(pool, midJobs)) {
        folders.put(r[0], new Node(r[1], r[2]));
        mids.add(r[0]);
      }
      List<Supplier<String[]>> leafJobs = new ArrayList<>();
      for (String mid : mids) {
        for (int l = 0; l < 10; l++) {
          String name = "L" + l;
          leafJobs.add(() -> new String[] {createId(http, name, mid), name, mid});
        }
      }
      Map<String, String> firstLeaf = new HashMap<>();
      for (String[] r : parallel(pool, leafJobs)) {
        folders.put(r[0], new Node(r[1], r[2]));
        if (r[1].equals("L0")) {
          firstLeaf.put(r[2], r[0]);
        }
      }
      assertThat(folders).hasSize(1110);

      // assets: one in every middle folder and one in each middle folder's L0
      List<Supplier<String[]>> assetJobs = new ArrayList<>();
      for (String mid : mids) {
        for (String folder : List.of(mid, firstLeaf.get(mid))) {
          String name = "file " + folder.substring(28) + ".bin";
          byte[] data = ("asset in " + folder).getBytes(StandardCharsets.UTF_8);
          assetJobs.add(
              () -> {
                JsonNode a = upload(http, folder, name, data);
                bytes.put(a.get("id").asText(), data);
                return new String[] {a.get("id").asText(), name, folder};
              });
        }
      }
      for (String[] r : parallel(pool, assetJobs)) {
        assets.put(r[0], new Node(r[1], r[2]));
      }
      assertThat(assets).hasSize(200);
      checkEveryPath();

      // move T3 (111 folders, 20 assets) under T7, then rename T7
      String t3 = tops.get(3);
      String t7 = tops.get(7);
      var r = http.json("PATCH", "/api/store/folder/" + t3, Map.of("parent", t7));
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      assertThat(r.json().get("path").asText()).isEqualTo("/T7/T3");
      folders.put(t3, new Node("T3", t7));
      r = http.json("PATCH", "/api/store/folder/" + t7, Map.of("name", "Seven"));
      assertThat(r.status()).isEqualTo(200);
      folders.put(t7, new Node("Seven", null));
      checkEveryPath();
      // a sample checked one by one through GET as well
      for (String id : subtree(t3)) {
        if (id.hashCode() % 10 == 0) {
          assertThat(Folders.get(http, "/api/store/folder/" + id).get("path").asText())
              .startsWith("/Seven/T3")
              .isEqualTo(path(id));
        }
      }
      // the moved branch is one level deeper now: its leaves (depth 4) take children up to 64
      String someLeaf =
          folders.entrySet().stream()
              .filter(e -> path(e.getKey()).startsWith("/Seven/T3/M5/L5"))
              .findFirst()
              .orElseThrow()
              .getKey();
      assertThat(path(someLeaf)).isEqualTo("/Seven/T3/M5/L5");

      // recursive delete of Seven (which now holds T3 too)
      Set<String> goneFolders = subtree(t7);
      assertThat(goneFolders).hasSize(222);
      Set<String> goneAssets = new HashSet<>();
      assets.forEach(
          (id, n) -> {
            if (goneFolders.contains(n.parent())) {
              goneAssets.add(id);
            }
          });
      assertThat(goneAssets).hasSize(40);
      long blobsBefore = server.blobFileCount();
      assertThat(http.delete("/api/store/folder/" + t7).status()).isEqualTo(409);
      assertThat(server.blobFileCount()).isEqualTo(blobsBefore);
      assertThat(http.delete("/api/store/folder/" + t7 + "?recursive=true").status())
          .isEqualTo(204);
      goneFolders.forEach(folders::remove);
      goneAssets.forEach(assets::remove);

      assertThat(server.blobFileCount()).isEqualTo(blobsBefore - goneAssets.size());
      checkEveryPath(); // exactly the rest remains, paths unchanged
      assertThat(folders).hasSize(888);
      assertThat(assets).hasSize(160);
      List<Supplier<Integer>> probes = new ArrayList<>();
      for (String id : goneFolders) {
        probes.add(() -> http.get("/api/store/folder/" + id).status());
      }
      for (String id : goneAssets) {
        probes.add(() -> http.get("/api/store/asset/" + id).status());
        probes.add(() -> http.get("/api/store/asset/download?id=" + id).status());
      }
      assertThat(parallel(pool, probes)).containsOnly(404);
      assertThat(http.walk("/api/store/folder/?name__startswith=Seven")).isEmpty();
      // survivors still download their own bytes
      for (String id : assets.keySet()) {
        if (id.hashCode() % 8 == 0) {
          assertThat(http.get("/api/store/asset/download?id=" + id).body())
              .isEqualTo(bytes.get(id));
        }
      }
      // and a new T7 can be created (no stale sibling or path row remains)
      assertThat(createId(http, "Seven", null)).isNotNull();
      assertThat(createId(http, "T3", null)).isNotNull();
    } finally {
      pool.shutdownNow();
    }
  }
}
