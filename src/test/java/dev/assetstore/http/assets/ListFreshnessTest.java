package dev.assetstore.http.assets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.Logins;
import dev.assetstore.support.TestServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A list page shows the folders and creators as they are now: a folder renamed or moved, a key
 * deleted or a user renamed right after a page was served (and its look-ups possibly remembered)
 * shows on the very next page.
 */
class ListFreshnessTest {
  static final String ASSETS = "/api/store/asset/";
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

  static JsonNode only(String query) {
    Resp r = http.get(ASSETS + "?" + query);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode items = r.json().get("items");
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  @Test
  void renamedAndMovedFoldersShowTheirNewPathsOnTheNextPage() {
    String top = server.createFolder("fresh-top-" + UUID.randomUUID(), null);
    String mid = server.createFolder("mid", top);
    String leaf = server.createFolder("leaf", mid);
    String name = "fresh-" + UUID.randomUUID() + ".txt";
    Resp up = http.upload("?folder=" + leaf, name, "x".getBytes(), Map.of());
    assertThat(up.status()).as(up.text()).isEqualTo(201);
    String topPath = http.get("/api/store/folder/" + top).json().get("path").asText();

    for (int i = 0; i < 2; i++) {
      assertThat(only("name=" + name).get("path").asText())
          .isEqualTo(topPath + "/mid/leaf/" + name);
    }
    Resp rename = http.json("PATCH", "/api/store/folder/" + mid, Map.of("name", "middl\u00e9"));
    assertThat(rename.status()).as(rename.text()).isEqualTo(200);
    assertThat(only("name=" + name).get("path").asText())
        .isEqualTo(topPath + "/middl\u00e9/leaf/" + name);
    JsonNode hydrated = only("name=" + name).get("folder");
    assertThat(hydrated.get("path").asText()).isEqualTo(topPath + "/middl\u00e9/leaf");

    String other = server.createFolder("fresh-other-" + UUID.randomUUID(), null);
    String otherPath = http.get("/api/store/folder/" + other).json().get("path").asText();
    Resp move = http.json("PATCH", "/api/store/folder/" + mid, Map.of("parent", other));
    assertThat(move.status()).as(move.text()).isEqualTo(200);
    assertThat(only("name=" + name + "&hydrate=false").get("path").asText())
        .isEqualTo(otherPath + "/middl\u00e9/leaf/" + name);
    assertThat(only("name=" + name).get("folder").get("path").asText())
        .isEqualTo(otherPath + "/middl\u00e9/leaf");
  }

  @Test
  void aDeletedKeyIsNoLongerNamedAsTheCreator() {
    Resp k =
        http.json(
            "POST",
            "/api/admin/api-keys/",
            Map.of("label", "short-lived uploader", "scopes", List.of("store:write")));
    assertThat(k.status()).as(k.text()).isEqualTo(201);
    String keyId = k.json().get("id").asText();
    String name = "by-key-" + UUID.randomUUID() + ".txt";
    Resp up = http.as(k.json().get("key").asText()).upload(name, "y".getBytes());
    assertThat(up.status()).as(up.text()).isEqualTo(201);

    for (int i = 0; i < 2; i++) {
      JsonNode by = only("name=" + name).get("created_by");
      assertThat(by.get("id").asText()).isEqualTo(keyId);
      assertThat(by.get("name").asText()).isEqualTo("short-lived uploader");
    }
    assertThat(http.delete("/api/admin/api-keys/" + keyId).status()).isEqualTo(204);
    JsonNode by = only("name=" + name).get("created_by");
    assertThat(by.get("id").asText()).isEqualTo(keyId);
    assertThat(by.get("name").isNull()).isTrue();
  }

  @Test
  void aRenamedUserIsNamedByItsNewNameAsTheCreator() {
    String before = "fresh-user-" + UUID.randomUUID();
    String id = Logins.createUser(http, before, "password1", "store:read", "store:write");
    String token = Logins.session(http, before, "password1").accessToken();
    String folderName = "by-user-" + UUID.randomUUID();
    Resp created =
        Logins.bearer(
            http, token, "POST", "/api/store/folder/", "{\"name\":\"" + folderName + "\"}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);

    String list = "/api/store/folder/?name=" + folderName;
    for (int i = 0; i < 2; i++) {
      JsonNode by = http.get(list).json().get("items").get(0).get("created_by");
      assertThat(by.get("name").asText()).isEqualTo(before);
    }
    String after = "renamed-user-" + UUID.randomUUID();
    Resp rename = http.json("PATCH", "/api/admin/users/" + id, Map.of("username", after));
    assertThat(rename.status()).as(rename.text()).isEqualTo(200);
    JsonNode by = http.get(list).json().get("items").get(0).get("created_by");
    assertThat(by.get("id").asText()).isEqualTo(id);
    assertThat(by.get("name").asText()).isEqualTo(after);
  }

  @Test
  void twoSharesOfOneFolderListTogetherAlsoFromRememberedFolders() {
    String folder = server.createFolder("shared-twice-" + UUID.randomUUID(), null);
    String prefix = "twice-" + UUID.randomUUID();
    for (int i = 0; i < 2; i++) {
      Resp r =
          http.json(
              "POST",
              "/api/share/",
              Map.of("target_type", "folder", "folder", folder, "name", prefix + "-" + i));
      assertThat(r.status()).as(r.text()).isEqualTo(201);
    }
    for (int i = 0; i < 2; i++) {
      Resp page = http.get("/api/share/?name__startswith=" + prefix);
      assertThat(page.status()).as(page.text()).isEqualTo(200);
      JsonNode items = page.json().get("items");
      assertThat(items).hasSize(2);
      items.forEach(s -> assertThat(s.get("folder").get("id").asText()).isEqualTo(folder));
    }
  }
}
