package dev.assetstore.http.assets;

import static dev.assetstore.http.assets.AssetChecks.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code PUT} (AssetWriteReplace) and {@code PATCH} (AssetWriteUpdate) of an asset. */
class UpdateAssetTest {
  static TestServer server;
  static Http http;
  static String folder;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http;
    folder = server.createFolder("Projects", null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** An asset with every optional field set, inside the folder. */
  static JsonNode rich(String name) {
    return uploaded(
        http.upload(
            "?folder=" + folder,
            name,
            ("bytes of " + name).getBytes(),
            Map.of(
                "description", "described",
                "tags", "[\"t1\",\"t2\"]",
                "metadata", "{\"k\":\"v\"}")));
  }

  static Resp put(String id, Object body) {
    return http.json("PUT", ASSETS + id, body);
  }

  static Resp patch(String id, Object body) {
    return http.json("PATCH", ASSETS + id, body);
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static void assertBytesUnchanged(JsonNode before, JsonNode after) {
    for (String f :
        List.of("id", "size", "sha256", "crc32", "content_type", "created", "created_by")) {
      assertThat(after.get(f)).as(f).isEqualTo(before.get(f));
    }
    assertThat(after.get("updated").asText()).isGreaterThan(before.get("updated").asText());
    String id = before.get("id").asText();
    assertThat(http.get("/api/store/asset/download?id=" + id).body())
        .isEqualTo(("bytes of " + before.get("name").asText()).getBytes());
  }

  @Test
  void putWithOnlyANameResetsEveryOmittedField() {
    JsonNode a = rich("put-reset.txt");
    assertThat(a.get("folder").get("id").asText()).isEqualTo(folder);
    Resp r = put(a.get("id").asText(), map("name", "put-renamed.txt"));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode b = r.json();
    assertThat(b.get("name").asText()).isEqualTo("put-renamed.txt");
    assertThat(b.get("description").isNull()).isTrue();
    assertThat(b.get("tags")).isEmpty();
    assertThat(b.get("metadata").isObject()).isTrue();
    assertThat(b.get("metadata")).isEmpty();
    assertThat(b.get("folder").isNull()).isTrue();
    assertThat(b.get("path").asText()).isEqualTo("/put-renamed.txt");
    assertBytesUnchanged(a, b);
    assertThat(http.get(ASSETS + a.get("id").asText()).json()).isEqualTo(b);
    assertThat(http.get(ASSETS + "?tags__contains=t1&name=put-renamed.txt").json().get("items"))
        .isEmpty();
  }

  @Test
  void putWithEveryFieldSetsThem() {
    JsonNode a = upload(http, "put-all.txt", "bytes of put-all.txt");
    Resp r =
        put(
            a.get("id").asText(),
            map(
                "name",
                "put-all-2.txt",
                "folder",
                folder,
                "description",
                "new",
                "tags",
                List.of("x", "y"),
                "metadata",
                Map.of("n", 1)));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode b = r.json();
    assertThat(b.get("folder").get("id").asText()).isEqualTo(folder);
    assertThat(b.get("path").asText()).isEqualTo("/Projects/put-all-2.txt");
    assertThat(b.get("description").asText()).isEqualTo("new");
    assertThat(b.get("tags").toString()).isEqualTo("[\"x\",\"y\"]");
    assertThat(b.get("metadata").toString()).isEqualTo("{\"n\":1}");
    assertBytesUnchanged(a, b);
    // The tag index follows the change.
    assertThat(http.get(ASSETS + "?tags__contains=y&name=put-all-2.txt").json().get("items"))
        .hasSize(1);
  }

  @Test
  void putWithoutANameIs422() {
    JsonNode a = upload(http, "put-noname.txt", "x");
    assertInvalid(put(a.get("id").asText(), map("description", "d")), "body", "name");
    assertInvalid(put(a.get("id").asText(), map("name", null)), "body", "name");
    assertThat(http.get(ASSETS + a.get("id").asText()).json()).isEqualTo(a);
  }

  @Test
  void patchChangesOnlyTheGivenFields() {
    JsonNode a = rich("patch-subset.txt");
    String id = a.get("id").asText();
    JsonNode b = patch(id, map("description", "changed")).json();
    assertThat(b.get("description").asText()).isEqualTo("changed");
    for (String f : List.of("name", "tags", "metadata", "folder", "path")) {
      assertThat(b.get(f)).as(f).isEqualTo(a.get(f));
    }
    assertBytesUnchanged(a, b);
    JsonNode c = patch(id, map("tags", List.of("only"))).json();
    assertThat(c.get("tags").toString()).isEqualTo("[\"only\"]");
    assertThat(c.get("description").asText()).isEqualTo("changed");
    JsonNode d = patch(id, map("metadata", Map.of("a", List.of(1, 2)))).json();
    assertThat(d.get("metadata").toString()).isEqualTo("{\"a\":[1,2]}");
    assertThat(d.get("tags").toString()).isEqualTo("[\"only\"]");
    JsonNode e = patch(id, map()).json();
    assertThat(e.get("description")).isEqualTo(d.get("description"));
    assertThat(e.get("metadata")).isEqualTo(d.get("metadata"));
  }

  @Test
  void patchWithExplicitNullsClears() {
    JsonNode a = rich("patch-null.txt");
    Resp r =
        patch(
            a.get("id").asText(),
            map("description", null, "tags", null, "metadata", null, "folder", null));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode b = r.json();
    assertThat(b.get("description").isNull()).isTrue();
    assertThat(b.get("tags")).isEmpty();
    assertThat(b.get("metadata")).isEmpty();
    assertThat(b.get("metadata").isObject()).isTrue();
    assertThat(b.get("folder").isNull()).isTrue();
    assertThat(b.get("path").asText()).isEqualTo("/patch-null.txt");
    assertThat(b.get("name").asText()).isEqualTo("patch-null.txt");
  }

  @Test
  void patchNameNullIs422() {
    JsonNode a = rich("patch-name-null.txt");
    assertInvalid(patch(a.get("id").asText(), map("name", null)), "body", "name");
    assertThat(http.get(ASSETS + a.get("id").asText()).json()).isEqualTo(a);
  }

  @Test
  void patchMovesBetweenFolderAndRoot() {
    JsonNode a = upload(http, "mover.txt", "bytes of mover.txt");
    JsonNode b = patch(a.get("id").asText(), map("folder", folder)).json();
    assertThat(b.get("path").asText()).isEqualTo("/Projects/mover.txt");
    assertThat(b.get("folder").get("id").asText()).isEqualTo(folder);
    assertThat(http.get(ASSETS + "?folder=" + folder + "&name=mover.txt").json().get("items"))
        .hasSize(1);
    assertError(patch(a.get("id").asText(), map("folder", UUID.randomUUID().toString())), 404);
    assertError(patch(a.get("id").asText(), map("folder", "nope")), 404);
    assertThat(http.get(ASSETS + a.get("id").asText()).json().get("path").asText())
        .isEqualTo("/Projects/mover.txt");
  }

  @Test
  void renameOrMoveOntoAnExistingNameIs409() {
    upload(http, "taken.txt", "a");
    JsonNode other = upload(http, "other.txt", "bytes of other.txt");
    String id = other.get("id").asText();
    assertThat(assertError(patch(id, map("name", "taken.txt")), 409).asText())
        .contains("taken.txt");
    assertError(put(id, map("name", "taken.txt")), 409);
    assertThat(http.get(ASSETS + id).json()).isEqualTo(other);
    // Moving into a folder where the name is taken.
    uploaded(http.upload("?folder=" + folder, "other.txt", new byte[] {1}, Map.of()));
    assertError(patch(id, map("folder", folder)), 409);
    assertThat(http.get(ASSETS + id).json()).isEqualTo(other);
    // Renaming to its own name is not a conflict.
    assertThat(patch(id, map("name", "other.txt")).status()).isEqualTo(200);
  }

  @Test
  void renamesAreValidatedAndNormalised() {
    JsonNode a = upload(http, "rename-me.txt", "x");
    String id = a.get("id").asText();
    for (String bad :
        List.of("", "/", "a/b", "\\", "nul\u0000", "ctl\u0001", ".", "..", "x".repeat(256))) {
      assertInvalid(patch(id, map("name", bad)), "body", "name");
      assertInvalid(put(id, map("name", bad)), "body", "name");
    }
    assertThat(patch(id, map("name", "Cafe\u0301.txt")).json().get("name").asText())
        .isEqualTo("Caf\u00e9.txt");
  }

  @Test
  void malformedJsonIs422() {
    JsonNode a = upload(http, "malformed.txt", "x");
    String id = a.get("id").asText();
    for (String body : List.of("{", "{\"name\":", "not json", "{\"name\":\"a\"} trailing")) {
      for (String m : List.of("PUT", "PATCH")) {
        Resp r = http.json(m, ASSETS + id, body);
        assertThat(r.status()).as(m + " " + body).isEqualTo(422);
        assertError(r, 422);
        assertInvalidUnder(r, "body");
      }
    }
    for (String body : List.of("[]", "\"name\"", "42", "null")) {
      assertInvalidUnder(http.json("PATCH", ASSETS + id, body), "body");
    }
    assertInvalidUnder(http.json("PATCH", ASSETS + id, ""), "body");
    assertThat(http.get(ASSETS + id).json()).isEqualTo(a);
  }

  @Test
  void wrongJsonTypesAre422AtTheField() {
    JsonNode a = upload(http, "types.txt", "x");
    String id = a.get("id").asText();
    Map<String, Object> wrong =
        Map.of(
            "name", 5,
            "description", 5,
            "tags", "red",
            "metadata", List.of(1),
            "folder", 7);
    for (var e : wrong.entrySet()) {
      Map<String, Object> body = map(e.getKey(), e.getValue());
      if (!e.getKey().equals("name")) {
        body.put("name", "types.txt");
      }
      assertInvalid(patch(id, body), "body", e.getKey());
      assertInvalid(put(id, body), "body", e.getKey());
    }
    assertInvalidUnder(patch(id, map("tags", List.of(1))), "body", "tags");
    assertInvalidUnder(patch(id, map("metadata", "{}")), "body", "metadata");
    assertInvalid(
        patch(id, map("metadata", Map.of("x", "a".repeat(17 * 1024)))), "body", "metadata");
    assertThat(http.get(ASSETS + id).json()).isEqualTo(a);
  }

  @Test
  void nonJsonContentTypeIs415() {
    JsonNode a = upload(http, "ctype.txt", "x");
    String id = a.get("id").asText();
    for (String type :
        List.of(
            "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
      for (String m : List.of("PUT", "PATCH")) {
        Resp r =
            http.send(
                http.request(ASSETS + id)
                    .header("Content-Type", type)
                    .method(m, BodyPublishers.ofString("{\"name\":\"ctype2.txt\"}"))
                    .build());
        assertError(r, 415);
      }
    }
    Resp ok =
        http.send(
            http.request(ASSETS + id)
                .header("Content-Type", "application/json; charset=utf-8")
                .method("PATCH", BodyPublishers.ofString("{\"description\":\"ok\"}"))
                .build());
    assertThat(ok.status()).isEqualTo(200);
    assertThat(http.get(ASSETS + id).json().get("name").asText()).isEqualTo("ctype.txt");
  }

  @Test
  void unknownOrMalformedIdIs404() {
    for (String id :
        List.of(
            UUID.randomUUID().toString(), "nope", "123", "01920000-0000-7000-8000-00000000000G")) {
      assertError(put(id, map("name", "x.txt")), 404);
      assertError(patch(id, map("description", "x")), 404);
    }
  }
}
