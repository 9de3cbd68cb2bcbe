package dev.assetstore.http.folders;

import static dev.assetstore.http.folders.Folders.createId;
import static dev.assetstore.support.Http.enc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.TestServer;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** 401 without credentials, 403 naming the scope without it, for every folder endpoint. */
class FolderScopesTest {
  static TestServer server;
  static Http admin;
  static String folder;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.http;
    folder = createId(admin, "Scoped", null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Call(String method, String path, String body) {
    Http.Resp run(Http http) {
      var b = http.request(path);
      if (body != null) {
        b.header("Content-Type", "application/json").method(method, BodyPublishers.ofString(body));
      } else {
        b.method(method, BodyPublishers.noBody());
      }
      return http.send(b.build());
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  static List<Call> reads() {
    return List.of(
        new Call("GET", "/api/store/folder/", null),
        new Call("GET", "/api/store/folder", null),
        new Call("GET", "/api/store/folder/filters", null),
        new Call("GET", "/api/store/folder/" + folder, null),
        new Call("GET", "/api/store/folder/" + folder + "/shares", null),
        new Call("GET", "/api/store/folder/" + folder + "/download", null),
        new Call("HEAD", "/api/store/folder/" + folder + "/download", null),
        new Call("GET", "/api/store/?url=" + enc("/api/store/folder/" + folder), null),
        new Call("GET", "/api/store?url=" + enc("/store/Scoped"), null),
        new Call(
            "GET", "/api/store/?as_json=false&url=" + enc("/api/store/folder/" + folder), null));
  }

  static List<Call> writes() {
    return List.of(
        new Call("POST", "/api/store/folder/", "{\"name\": \"ByWriter\"}"),
        new Call("PUT", "/api/store/folder/" + folder, "{\"name\": \"Scoped\"}"),
        new Call("PATCH", "/api/store/folder/" + folder, "{\"description\": \"d\"}"),
        new Call("DELETE", "/api/store/folder/" + folder, null));
  }

  @Test
  void noOrBadCredentialsAre401() {
    for (Http http : List.of(admin.as(null), admin.as("sla_live_" + "x".repeat(43)))) {
      for (Call c : concat(reads(), writes())) {
        var r = c.run(http);
        assertThat(r.status()).as(c.toString()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).as(c.toString()).isNotNull();
        if (!c.method().equals("HEAD")) {
          assertThat(r.json().get("detail").isTextual()).isTrue();
        }
      }
    }
    assertThat(Folders.get(admin, "/api/store/folder/" + folder).get("name").asText())
        .isEqualTo("Scoped");
  }

  @Test
  void readsNeedStoreRead() {
    for (String[] scopes :
        List.of(
            new String[] {"store:write"},
            new String[] {"store:share"},
            new String[] {"apikeys:read", "apikeys:write"})) {
      Http http = admin.as(admin.createKey(scopes));
      for (Call c : reads()) {
        var r = c.run(http);
        assertThat(r.status()).as("%s with %s", c, List.of(scopes)).isEqualTo(403);
        if (!c.method().equals("HEAD")) {
          assertThat(r.json().get("detail").asText()).contains("store:read");
        }
      }
    }
    Http reader = admin.as(admin.createKey("store:read"));
    for (Call c : reads()) {
      assertThat(c.run(reader).status()).as(c.toString()).isEqualTo(200);
    }
  }

  @Test
  void writesNeedStoreWrite() {
    for (String[] scopes :
        List.of(
            new String[] {"store:read"},
            new String[] {"store:share", "store:read"},
            new String[] {"apikeys:write"})) {
      Http http = admin.as(admin.createKey(scopes));
      for (Call c : writes()) {
        var r = c.run(http);
        assertThat(r.status()).as("%s with %s", c, List.of(scopes)).isEqualTo(403);
        assertThat(r.json().get("detail").asText()).contains("store:write");
      }
    }
    // nothing was changed by the refused calls
    var f = Folders.get(admin, "/api/store/folder/" + folder);
    assertThat(f.get("description").isNull()).isTrue();
    assertThat(admin.walk("/api/store/folder/?name=ByWriter")).isEmpty();

    // store:write alone may write (but not read)
    Http writer = admin.as(admin.createKey("store:write"));
    var created = writer.json("POST", "/api/store/folder/", Map.of("name", "ByWriter"));
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(created.json().get("created_by").isNull()).isFalse();
    assertThat(writer.json("PATCH", "/api/store/folder/" + id, Map.of("name", "W2")).status())
        .isEqualTo(200);
    assertThat(writer.json("PUT", "/api/store/folder/" + id, Map.of("name", "W3")).status())
        .isEqualTo(200);
    assertThat(writer.get("/api/store/folder/" + id).status()).isEqualTo(403);
    assertThat(writer.delete("/api/store/folder/" + id + "?recursive=true").status())
        .isEqualTo(204);
    assertThat(admin.get("/api/store/folder/" + id).status()).isEqualTo(404);
  }

  @Test
  void scopeIsCheckedBeforeExistence() {
    Http reader = admin.as(admin.createKey("store:read"));
    String unknown = "01890000-0000-7000-8000-000000000000";
    assertThat(reader.delete("/api/store/folder/" + unknown).status()).isEqualTo(403);
    Http writer = admin.as(admin.createKey("store:write"));
    assertThat(writer.get("/api/store/folder/" + unknown).status()).isEqualTo(403);
    assertThat(writer.get("/api/store/?url=junk").status()).isEqualTo(403);
  }

  private static List<Call> concat(List<Call> a, List<Call> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
