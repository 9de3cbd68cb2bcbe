package dev.assetstore.http.folders;

import static dev.assetstore.http.folders.Folders.create;
import static dev.assetstore.http.folders.Folders.createId;
import static dev.assetstore.http.folders.Folders.get;
import static dev.assetstore.http.folders.Folders.loc;
import static dev.assetstore.http.folders.Folders.upload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API.md §6 over HTTP: create, get, list, filters, PUT, PATCH, DELETE, shares, depth. */
class FolderCrudTest {
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

  private static final String TS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z";

  @Test
  void createReturns201WithFolderReadAndLocation() {
    var r =
        http.json(
            "POST", "/api/store/folder/", Map.of("name", "Marketing", "description", "Brand"));
    assertThat(r.status()).isEqualTo(201);
    JsonNode f = r.json();
    String id = f.get("id").asText();
    assertThat(r.header("Location")).isEqualTo("/api/store/folder/" + id);
    assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(f.get("type").asText()).isEqualTo("folder");
    assertThat(f.get("name").asText()).isEqualTo("Marketing");
    assertThat(f.get("parent").isNull()).isTrue();
    assertThat(f.get("path").asText()).isEqualTo("/Marketing");
    assertThat(f.get("description").asText()).isEqualTo("Brand");
    assertThat(f.get("created").asText()).matches(TS);
    assertThat(f.get("updated").asText()).matches(TS);
    assertThat(f.get("url").asText()).isEqualTo("/api/store/folder/" + id);
    assertThat(f.get("created_by").isObject()).as(f.toString()).isTrue();
    assertThat(f.get("created_by").get("id").asText()).isNotEmpty();

    var got = get(http, "/api/store/folder/" + id);
    assertThat(got.get("path").asText()).isEqualTo("/Marketing");
    assertThat(got.get("created").asText()).isEqualTo(f.get("created").asText());
    var noSlash = http.json("POST", "/api/store/folder", Map.of("name", "NoSlash"));
    assertThat(noSlash.status()).isEqualTo(201);
    assertThat(noSlash.json().get("path").asText()).isEqualTo("/NoSlash");
  }

  @Test
  void nestedFolderHasPathAndHydratedParent() {
    String a = createId(http, "HydA", null);
    JsonNode b = create(http, "HydB", a);
    assertThat(b.get("path").asText()).isEqualTo("/HydA/HydB");
    assertThat(b.get("parent").get("id").asText()).isEqualTo(a);
    assertThat(b.get("parent").get("path").asText()).isEqualTo("/HydA");
    // one level deep: the nested parent's own references are IDs
    assertThat(b.get("parent").get("parent").isNull()).isTrue();
    assertThat(b.get("parent").get("created_by").isTextual()).isTrue();
    String bid = b.get("id").asText();
    JsonNode c = create(http, "HydC", bid);
    assertThat(c.get("parent").get("parent").asText()).isEqualTo(a);

    var plain = get(http, "/api/store/folder/" + bid + "?hydrate=false");
    assertThat(plain.get("parent").asText()).isEqualTo(a);
    assertThat(plain.get("created_by").isTextual()).isTrue();
    var hydrated = get(http, "/api/store/folder/" + bid);
    assertThat(hydrated.get("parent").get("name").asText()).isEqualTo("HydA");
  }

  @Test
  void siblingNamesAreUniqueCaseSensitiveAndNfc() {
    String p = createId(http, "Uniq", null);
    create(http, "docs", p);
    var dup = http.json("POST", "/api/store/folder/", Map.of("name", "docs", "parent", p));
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.json().get("detail").isTextual()).isTrue();
    // case-sensitive: a different name
    assertThat(create(http, "Docs", p).get("path").asText()).isEqualTo("/Uniq/Docs");
    // same name under another parent is fine, and at the root
    String q = createId(http, "Uniq2", null);
    assertThat(create(http, "docs", q).get("path").asText()).isEqualTo("/Uniq2/docs");
    // NFC: "e" + combining acute is stored as "é" and collides with it
    JsonNode nfd = create(http, "caf\u0065\u0301", p);
    assertThat(nfd.get("name").asText()).isEqualTo("caf\u00e9");
    assertThat(nfd.get("path").asText()).isEqualTo("/Uniq/caf\u00e9");
    var nfc = http.json("POST", "/api/store/folder/", Map.of("name", "caf\u00e9", "parent", p));
    assertThat(nfc.status()).isEqualTo(409);
    // a conflict changed nothing
    var kids = http.walk("/api/store/folder/?parent=" + p);
    assertThat(kids)
        .extracting(k -> k.get("name").asText())
        .containsExactlyInAnyOrder("docs", "Docs", "caf\u00e9");
    // a folder and an asset may share a name in one parent
    var asset = upload(http, p, "docs", "x".getBytes());
    assertThat(asset.get("path").asText()).isEqualTo("/Uniq/docs");
  }

  @Test
  void nameRulesAreTheAssetRules() {
    String p = createId(http, "Names", null);
    List<Object> bad =
        List.of("", ".", "..", "a/b", "a\\b", "a\u0000b", "tab\there", "x".repeat(256), 12);
    for (Object name : bad) {
      Map<String, Object> body = new HashMap<>();
      body.put("name", name);
      body.put("parent", p);
      var r = http.json("POST", "/api/store/folder/", body);
      assertThat(loc(r)).as("name %s", name).isEqualTo("body.name");
    }
    assertThat(loc(http.json("POST", "/api/store/folder/", Map.of("parent", p))))
        .isEqualTo("body.name");
    assertThat(loc(http.json("POST", "/api/store/folder/", "{\"name\": null}")))
        .isEqualTo("body.name");
    assertThat(http.json("POST", "/api/store/folder/", "[1]").status()).isEqualTo(422);
    assertThat(http.json("POST", "/api/store/folder/", "{not json").status()).isEqualTo(422);
    // 255 code points (non-BMP: 510 UTF-16 units) is allowed
    String longest = "\uD83D\uDE00".repeat(255);
    assertThat(create(http, longest, p).get("name").asText()).isEqualTo(longest);
    assertThat(create(http, "x".repeat(255), p).get("path").asText())
        .isEqualTo("/Names/" + "x".repeat(255));
    assertThat(create(http, "sp ace, (1) & +%", p).get("path").asText())
        .isEqualTo("/Names/sp ace, (1) & +%");
    // nothing invalid was created
    assertThat(http.walk("/api/store/folder/?parent=" + p)).hasSize(3);
  }

  @Test
  void unknownOrMalformedParentIs404() {
    var unknown =
        http.json(
            "POST",
            "/api/store/folder/",
            Map.of("name", "Orphan", "parent", "01890000-0000-7000-8000-000000000000"));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("detail").isTextual()).isTrue();
    var malformed =
        http.json("POST", "/api/store/folder/", Map.of("name", "Orphan", "parent", "nope"));
    assertThat(malformed.status()).isEqualTo(404);
    assertThat(http.walk("/api/store/folder/?name=Orphan")).isEmpty();
  }

  @Test
  void getUnknownOrMalformedIdIs404() {
    for (String id : List.of(UUID.randomUUID().toString(), "not-an-id", "0")) {
      for (String suffix : List.of("", "/shares", "/download")) {
        var r = http.get("/api/store/folder/" + id + suffix);
        assertThat(r.status()).as(id + suffix).isEqualTo(404);
        assertThat(r.json().get("detail").isTextual()).isTrue();
      }
      assertThat(http.delete("/api/store/folder/" + id).status()).isEqualTo(404);
      assertThat(http.json("PATCH", "/api/store/folder/" + id, Map.of("name", "z")).status())
          .isEqualTo(404);
      assertThat(http.json("PUT", "/api/store/folder/" + id, Map.of("name", "z")).status())
          .isEqualTo(404);
    }
  }

  @Test
  void sharesIsAPlainArray() {
    String id = createId(http, "Shared", null);
    var r = http.get("/api/store/folder/" + id + "/shares");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().isArray()).isTrue();
    assertThat(r.json()).isEmpty();
  }

  @Test
  void putReplacesEverythingAndResetsOmittedFields() {
    String a = createId(http, "PutA", null);
    String b = createId(http, "PutB", null);
    var f =
        http.json(
                "POST",
                "/api/store/folder/",
                Map.of("name", "Victim", "parent", a, "description", "old"))
            .json();
    String id = f.get("id").asText();
    var moved =
        http.json(
            "PUT",
            "/api/store/folder/" + id,
            Map.of("name", "Renamed", "parent", b, "description", "new"));
    assertThat(moved.status()).as(moved.text()).isEqualTo(200);
    assertThat(moved.json().get("path").asText()).isEqualTo("/PutB/Renamed");
    assertThat(moved.json().get("parent").get("id").asText()).isEqualTo(b);
    assertThat(moved.json().get("description").asText()).isEqualTo("new");
    assertThat(moved.json().get("created").asText()).isEqualTo(f.get("created").asText());
    assertThat(moved.json().get("updated").asText())
        .isGreaterThanOrEqualTo(f.get("updated").asText());
    // omitted parent → root, omitted description → null
    var reset = http.json("PUT", "/api/store/folder/" + id, Map.of("name", "AtRoot"));
    assertThat(reset.status()).isEqualTo(200);
    assertThat(reset.json().get("path").asText()).isEqualTo("/AtRoot");
    assertThat(reset.json().get("parent").isNull()).isTrue();
    assertThat(reset.json().get("description").isNull()).isTrue();
    assertThat(get(http, "/api/store/folder/" + id).get("path").asText()).isEqualTo("/AtRoot");
    // name is required for PUT
    assertThat(loc(http.json("PUT", "/api/store/folder/" + id, Map.of("parent", a))))
        .isEqualTo("body.name");
    assertThat(loc(http.json("PUT", "/api/store/folder/" + id, Map.of("name", "a/b"))))
        .isEqualTo("body.name");
    assertThat(get(http, "/api/store/folder/" + id).get("path").asText()).isEqualTo("/AtRoot");
  }

  @Test
  void patchChangesOnlyWhatIsGiven() {
    String a = createId(http, "PatA", null);
    String b = createId(http, "PatB", null);
    var f =
        http.json(
                "POST",
                "/api/store/folder/",
                Map.of("name", "P", "parent", a, "description", "keep"))
            .json();
    String id = f.get("id").asText();
    var r = http.json("PATCH", "/api/store/folder/" + id, Map.of("name", "P2"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("path").asText()).isEqualTo("/PatA/P2");
    assertThat(r.json().get("description").asText()).isEqualTo("keep");
    r = http.json("PATCH", "/api/store/folder/" + id, Map.of("parent", b));
    assertThat(r.json().get("path").asText()).isEqualTo("/PatB/P2");
    assertThat(r.json().get("description").asText()).isEqualTo("keep");
    r = http.json("PATCH", "/api/store/folder/" + id, "{\"description\": null}");
    assertThat(r.json().get("description").isNull()).isTrue();
    assertThat(r.json().get("path").asText()).isEqualTo("/PatB/P2");
    r = http.json("PATCH", "/api/store/folder/" + id, "{\"parent\": null}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("path").asText()).isEqualTo("/P2");
    assertThat(r.json().get("parent").isNull()).isTrue();
    r = http.json("PATCH", "/api/store/folder/" + id, "{}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("path").asText()).isEqualTo("/P2");
    // name cannot be cleared, must be a valid name, parent must be a string
    assertThat(loc(http.json("PATCH", "/api/store/folder/" + id, "{\"name\": null}")))
        .isEqualTo("body.name");
    assertThat(loc(http.json("PATCH", "/api/store/folder/" + id, Map.of("name", ".."))))
        .isEqualTo("body.name");
    assertThat(loc(http.json("PATCH", "/api/store/folder/" + id, Map.of("parent", 5))))
        .isEqualTo("body.parent");
    assertThat(get(http, "/api/store/folder/" + id).get("path").asText()).isEqualTo("/P2");
  }

  @Test
  void renameOrMoveOntoAnExistingSiblingIs409() {
    String p = createId(http, "Clash", null);
    String x = createId(http, "x", p);
    createId(http, "y", p);
    String other = createId(http, "ClashOther", null);
    String otherX = createId(http, "x", other);
    var r = http.json("PATCH", "/api/store/folder/" + x, Map.of("name", "y"));
    assertThat(r.status()).isEqualTo(409);
    r = http.json("PATCH", "/api/store/folder/" + otherX, Map.of("parent", p));
    assertThat(r.status()).isEqualTo(409);
    r = http.json("PUT", "/api/store/folder/" + otherX, Map.of("name", "y", "parent", p));
    assertThat(r.status()).isEqualTo(409);
    // to the root where "Clash" exists
    r = http.json("PATCH", "/api/store/folder/" + x, Map.of("name", "Clash", "parent", ""));
    assertThat(r.status()).as(r.text()).isIn(404, 422);
    r = http.json("PUT", "/api/store/folder/" + x, Map.of("name", "Clash"));
    assertThat(r.status()).isEqualTo(409);
    assertThat(get(http, "/api/store/folder/" + x).get("path").asText()).isEqualTo("/Clash/x");
    assertThat(get(http, "/api/store/folder/" + otherX).get("path").asText())
        .isEqualTo("/ClashOther/x");
  }

  @Test
  void movingUnderItselfOrADescendantIs422() {
    String a = createId(http, "CycA", null);
    String b = createId(http, "CycB", a);
    String c = createId(http, "CycC", b);
    for (String target : List.of(a, b, c)) {
      var r = http.json("PATCH", "/api/store/folder/" + a, Map.of("parent", target));
      assertThat(loc(r)).as("under %s", target).isEqualTo("body.parent");
    }
    var r = http.json("PUT", "/api/store/folder/" + b, Map.of("name", "CycB", "parent", c));
    assertThat(loc(r)).isEqualTo("body.parent");
    // a sibling whose name starts with the moved folder's name is NOT a descendant
    String a2 = createId(http, "CycA2", null);
    r = http.json("PATCH", "/api/store/folder/" + a, Map.of("parent", a2));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(get(http, "/api/store/folder/" + c).get("path").asText())
        .isEqualTo("/CycA2/CycA/CycB/CycC");
    var unknown =
        http.json(
            "PATCH", "/api/store/folder/" + a, Map.of("parent", UUID.randomUUID().toString()));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(get(http, "/api/store/folder/" + a).get("path").asText()).isEqualTo("/CycA2/CycA");
  }

  @Test
  void depthIsAtMost64ForCreateAndMove() {
    String parent = null;
    List<String> chain = new ArrayList<>();
    StringBuilder path = new StringBuilder();
    for (int depth = 1; depth <= 64; depth++) {
      String name = depth == 1 ? "Deep" : "d" + depth;
      path.append('/').append(name);
      JsonNode f = create(http, name, parent);
      assertThat(f.get("path").asText()).isEqualTo(path.toString());
      parent = f.get("id").asText();
      chain.add(parent);
    }
    var tooDeep = http.json("POST", "/api/store/folder/", Map.of("name", "d65", "parent", parent));
    assertThat(loc(tooDeep)).isEqualTo("body.parent");
    assertThat(http.walk("/api/store/folder/?name=d65")).isEmpty();

    // a two-level subtree fits under depth 62 (→ 63, 64) but not under depth 63
    String s = createId(http, "Sub", null);
    String leaf = createId(http, "SubLeaf", s);
    var r = http.json("PATCH", "/api/store/folder/" + s, Map.of("parent", chain.get(62)));
    assertThat(loc(r)).isEqualTo("body.parent");
    r = http.json("PATCH", "/api/store/folder/" + s, Map.of("parent", chain.get(61)));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    var leafNow = get(http, "/api/store/folder/" + leaf);
    assertThat(leafNow.get("path").asText()).endsWith("/d62/Sub/SubLeaf");
    assertThat(leafNow.get("path").asText().split("/")).hasSize(65); // "" + 64 names
    // and it cannot get a child any more
    var child = http.json("POST", "/api/store/folder/", Map.of("name", "x", "parent", leaf));
    assertThat(loc(child)).isEqualTo("body.parent");
    // moving the whole chain one level down (under a new root folder) would make it 65 deep
    String top = createId(http, "DeepTop", null);
    r = http.json("PATCH", "/api/store/folder/" + chain.get(0), Map.of("parent", top));
    assertThat(loc(r)).isEqualTo("body.parent");
    assertThat(get(http, "/api/store/folder/" + chain.get(0)).get("path").asText())
        .isEqualTo("/Deep");
    // moving the leaf back up shrinks depth: allowed
    r = http.json("PATCH", "/api/store/folder/" + s, "{\"parent\": null}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(get(http, "/api/store/folder/" + leaf).get("path").asText())
        .isEqualTo("/Sub/SubLeaf");
  }

  @Test
  void deleteEmptyIs204NonEmptyIs409UnlessRecursive() {
    String empty = createId(http, "DelEmpty", null);
    var r = http.delete("/api/store/folder/" + empty);
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
    assertThat(http.get("/api/store/folder/" + empty).status()).isEqualTo(404);
    assertThat(http.delete("/api/store/folder/" + empty).status()).isEqualTo(404);

    String withChild = createId(http, "DelChild", null);
    String child = createId(http, "c", withChild);
    r = http.delete("/api/store/folder/" + withChild);
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.json().get("detail").isTextual()).isTrue();
    assertThat(http.delete("/api/store/folder/" + withChild + "?recursive=false").status())
        .isEqualTo(409);
    assertThat(get(http, "/api/store/folder/" + child).get("path").asText())
        .isEqualTo("/DelChild/c");

    String withAsset = createId(http, "DelAsset", null);
    String asset = upload(http, withAsset, "a.txt", "abc".getBytes()).get("id").asText();
    assertThat(http.delete("/api/store/folder/" + withAsset).status()).isEqualTo(409);
    assertThat(http.get("/api/store/asset/" + asset).status()).isEqualTo(200);

    assertThat(loc(http.delete("/api/store/folder/" + withAsset + "?recursive=maybe")))
        .isEqualTo("query.recursive");
    assertThat(http.get("/api/store/asset/" + asset).status()).isEqualTo(200);

    long blobs = server.blobFileCount();
    assertThat(http.delete("/api/store/folder/" + withAsset + "?recursive=true").status())
        .isEqualTo(204);
    assertThat(http.get("/api/store/asset/" + asset).status()).isEqualTo(404);
    assertThat(http.get("/api/store/asset/download?id=" + asset).status()).isEqualTo(404);
    assertThat(server.blobFileCount()).isEqualTo(blobs - 1);
    assertThat(http.delete("/api/store/folder/" + withChild + "?recursive=true").status())
        .isEqualTo(204);
    assertThat(http.get("/api/store/folder/" + child).status()).isEqualTo(404);
  }

  @Test
  void assetsGetFolderHydrationAndPath() {
    String a = createId(http, "AssA", null);
    String b = createId(http, "AssB", a);
    JsonNode asset = upload(http, b, "logo.png", "png!".getBytes());
    String id = asset.get("id").asText();
    assertThat(asset.get("path").asText()).isEqualTo("/AssA/AssB/logo.png");
    assertThat(asset.get("folder").get("id").asText()).isEqualTo(b);
    assertThat(asset.get("folder").get("path").asText()).isEqualTo("/AssA/AssB");
    assertThat(asset.get("folder").get("parent").asText()).isEqualTo(a);
    var plain = get(http, "/api/store/asset/" + id + "?hydrate=false");
    assertThat(plain.get("folder").asText()).isEqualTo(b);
    assertThat(plain.get("path").asText()).isEqualTo("/AssA/AssB/logo.png");
    var root = upload(http, null, "rootfile.txt", "r".getBytes());
    assertThat(root.get("path").asText()).isEqualTo("/rootfile.txt");
    assertThat(root.get("folder").isNull()).isTrue();

    // the asset list's folder filter gives direct assets only
    upload(http, a, "top.txt", "t".getBytes());
    assertThat(http.walk("/api/store/asset/?folder=" + b))
        .extracting(n -> n.get("name").asText())
        .containsExactly("logo.png");
    assertThat(http.walk("/api/store/asset/?folder=" + a))
        .extracting(n -> n.get("name").asText())
        .containsExactly("top.txt");

    // renaming/moving the ancestor changes the asset's path at once
    assertThat(http.json("PATCH", "/api/store/folder/" + a, Map.of("name", "Renamed")).status())
        .isEqualTo(200);
    assertThat(get(http, "/api/store/asset/" + id).get("path").asText())
        .isEqualTo("/Renamed/AssB/logo.png");
    String c = createId(http, "AssC", null);
    assertThat(http.json("PATCH", "/api/store/folder/" + b, Map.of("parent", c)).status())
        .isEqualTo(200);
    var after = get(http, "/api/store/asset/" + id);
    assertThat(after.get("path").asText()).isEqualTo("/AssC/AssB/logo.png");
    assertThat(after.get("folder").get("parent").asText()).isEqualTo(c);
    var listed = http.walk("/api/store/asset/?folder=" + b);
    assertThat(listed.getFirst().get("path").asText()).isEqualTo("/AssC/AssB/logo.png");
    assertThat(listed.getFirst().get("folder").get("path").asText()).isEqualTo("/AssC/AssB");
  }

  @Test
  void renameRewritesDescendantPathsWithNonBmpAndSpecialNames() {
    // names with characters sorting below '/', non-ASCII and non-BMP code points
    String top = createId(http, "\uD83D\uDCC1 Emoji-top", null);
    String mid = createId(http, "caf\u00e9 \uD83C\uDF70", top);
    String leaf = createId(http, "leaf.d", mid);
    String sibling = createId(http, "\uD83D\uDCC1 Emoji-top-2", null);
    String sibChild = createId(http, "kid", sibling);
    var asset = upload(http, leaf, "f\u00fcr.txt", "x".getBytes());
    var r = http.json("PATCH", "/api/store/folder/" + top, Map.of("name", "\uD83D\uDE80 R"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(get(http, "/api/store/folder/" + mid).get("path").asText())
        .isEqualTo("/\uD83D\uDE80 R/caf\u00e9 \uD83C\uDF70");
    assertThat(get(http, "/api/store/folder/" + leaf).get("path").asText())
        .isEqualTo("/\uD83D\uDE80 R/caf\u00e9 \uD83C\uDF70/leaf.d");
    assertThat(get(http, "/api/store/asset/" + asset.get("id").asText()).get("path").asText())
        .isEqualTo("/\uD83D\uDE80 R/caf\u00e9 \uD83C\uDF70/leaf.d/f\u00fcr.txt");
    // moving the middle folder (non-BMP in its own and its parent's name) to the root
    r = http.json("PATCH", "/api/store/folder/" + mid, "{\"parent\": null}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(get(http, "/api/store/folder/" + leaf).get("path").asText())
        .isEqualTo("/caf\u00e9 \uD83C\uDF70/leaf.d");
    // the sibling with a common name prefix was not touched
    assertThat(get(http, "/api/store/folder/" + sibChild).get("path").asText())
        .isEqualTo("/\uD83D\uDCC1 Emoji-top-2/kid");
  }

  @Test
  void aMoveIsAtomicForConcurrentReaders() throws Exception {
    String x = createId(http, "AtomX", null);
    String y = createId(http, "AtomY", null);
    String moving = createId(http, "Atom", x);
    for (int i = 0; i < 6; i++) {
      String mid = createId(http, "atom-m" + i, moving);
      for (int j = 0; j < 6; j++) {
        createId(http, "atom-l" + i + "-" + j, mid);
      }
    }
    var mover =
        java.util.concurrent.CompletableFuture.runAsync(
            () -> {
              for (int k = 0; k < 20; k++) {
                String to = k % 2 == 0 ? y : x;
                var r = http.json("PATCH", "/api/store/folder/" + moving, Map.of("parent", to));
                assertThat(r.status()).isEqualTo(200);
              }
            });
    int snapshots = 0;
    while (!mover.isDone() || snapshots < 5) {
      var page = get(http, "/api/store/folder/?name__startswith=atom-&limit=250");
      List<String> prefixes = new ArrayList<>();
      page.get("items").forEach(n -> prefixes.add(n.get("path").asText().substring(0, 11)));
      assertThat(prefixes).hasSize(42);
      assertThat(prefixes).as("one snapshot, one prefix").containsOnly(prefixes.getFirst());
      assertThat(prefixes.getFirst()).isIn("/AtomX/Atom", "/AtomY/Atom");
      snapshots++;
    }
    mover.get();
    assertThat(http.walk("/api/store/folder/?name__startswith=atom-"))
        .allSatisfy(n -> assertThat(n.get("path").asText()).startsWith("/AtomX/Atom/"));
  }

  @Test
  void listIsACursorPageWithFiltersAndHydration() {
    String p = createId(http, "ListP", null);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ids.add(createId(http, "item-" + i, p));
    }
    createId(http, "Item-Other", null);
    var page = get(http, "/api/store/folder/?parent=" + p + "&limit=3");
    assertThat(page.get("items")).hasSize(3);
    assertThat(page.get("limit").asInt()).isEqualTo(3);
    assertThat(page.get("next_page").asBoolean()).isTrue();
    assertThat(page.get("next_cursor").asText()).isNotEmpty();
    assertThat(page.get("collection_total").asInt()).isEqualTo(7);
    // default sort created desc
    assertThat(page.get("items").get(0).get("id").asText()).isEqualTo(ids.get(6));
    JsonNode item = page.get("items").get(0);
    assertThat(item.get("parent").get("id").asText()).isEqualTo(p);
    assertThat(item.get("parent").get("path").asText()).isEqualTo("/ListP");
    assertThat(item.get("path").asText()).isEqualTo("/ListP/item-6");

    var all = http.walk("/api/store/folder/?parent=" + p + "&limit=2&sort_by=name&sort_order=asc");
    assertThat(all)
        .extracting(n -> n.get("name").asText())
        .containsExactly("item-0", "item-1", "item-2", "item-3", "item-4", "item-5", "item-6");

    var noHydrate = get(http, "/api/store/folder/?parent=" + p + "&hydrate=false&limit=1");
    assertThat(noHydrate.get("items").get(0).get("parent").asText()).isEqualTo(p);
    var noTotal = get(http, "/api/store/folder/?parent=" + p + "&include_total=false");
    assertThat(noTotal.get("collection_total").asInt()).isZero();
    assertThat(noTotal.get("items")).hasSize(7);

    // root level: parent__isnull=true, and only root folders come back
    var roots = http.walk("/api/store/folder/?parent__isnull=true&limit=250");
    assertThat(roots).isNotEmpty();
    assertThat(roots).allSatisfy(n -> assertThat(n.get("parent").isNull()).isTrue());
    assertThat(roots)
        .extracting(n -> n.get("id").asText())
        .contains(p)
        .doesNotContainAnyElementsOf(ids);
    var nonRoot = http.walk("/api/store/folder/?parent__isnull=false&name__startswith=item-");
    assertThat(nonRoot).hasSize(7);

    assertThat(http.walk("/api/store/folder/?name=item-3")).hasSize(1);
    assertThat(http.walk("/api/store/folder/?name__in=item-3,item-4,nope")).hasSize(2);
    assertThat(http.walk("/api/store/folder/?name__icontains=ITEM-")).hasSize(8);
    assertThat(http.walk("/api/store/folder/?name__contains=ITEM-")).isEmpty();
    assertThat(http.walk("/api/store/folder/?parent__in=" + p + "&name__ne=item-0")).hasSize(6);
    assertThat(http.walk("/api/store/folder/?q=item-5")).hasSize(1);
    String created = item.get("created").asText();
    assertThat(http.walk("/api/store/folder/?parent=" + p + "&created__gte=" + Http.enc(created)))
        .hasSize(1);
    assertThat(http.walk("/api/store/folder/?parent=" + p + "&created__lt=" + Http.enc(created)))
        .hasSize(6);

    // unknown fields, wrong operators, bad values: 422
    for (String q :
        List.of(
            "path=/ListP",
            "parent__contains=x",
            "name__gt=a",
            "bogus=1",
            "parent__isnull=maybe",
            "created__gt=yesterday",
            "limit=0",
            "limit=251",
            "sort_by=path",
            "sort_order=up",
            "cursor=garbage")) {
      assertThat(http.get("/api/store/folder/?" + q).status()).as(q).isEqualTo(422);
    }
    // a cursor used with other filters: 422
    String cursor = page.get("next_cursor").asText();
    assertThat(
            http.get("/api/store/folder/?parent__isnull=true&limit=3&cursor=" + Http.enc(cursor))
                .status())
        .isEqualTo(422);
  }

  @Test
  void filtersMetadataDescribesTheFolderFields() {
    var f = get(http, "/api/store/folder/filters");
    JsonNode filters = f.get("filters");
    assertThat(filters.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("name", "parent", "created", "updated", "created_by");
    assertThat(filters.get("parent").get("type").asText()).isEqualTo("id");
    assertThat(filters.get("parent").get("operators"))
        .extracting(JsonNode::asText)
        .contains("eq", "isnull", "in");
    assertThat(filters.get("name").get("type").asText()).isEqualTo("string");
    assertThat(f.get("sort_by")).extracting(JsonNode::asText).contains("name", "created");
    assertThat(f.get("default_sort_by").asText()).isEqualTo("created");
    assertThat(f.get("default_sort_order").asText()).isEqualTo("desc");
  }

  @Test
  void descriptionLimitsAndTypes() {
    var r = http.json("POST", "/api/store/folder/", Map.of("name", "Desc", "description", 5));
    assertThat(loc(r)).isEqualTo("body.description");
    var ok =
        http.json(
            "POST",
            "/api/store/folder/",
            Map.of(
                "name",
                "Desc",
                "description",
                new String("d\u00e9".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
    assertThat(ok.status()).isEqualTo(201);
    assertThat(ok.json().get("description").asText()).isEqualTo("d\u00e9");
  }
}
