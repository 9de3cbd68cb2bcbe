package dev.assetstore.http.accounts;

import static dev.assetstore.support.Logins.createUser;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.Logins;
import dev.assetstore.support.TestServer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The users admin API (API.md §2): create, read, list, filters, patch, delete. */
class UsersAdminTest {
  static final String USERS = "/api/admin/users/";
  static TestServer server;
  static Http admin;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.http.http11();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Map<String, Object> body(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static long count() {
    return admin.get(USERS).json().get("collection_total").asLong();
  }

  @Test
  void createReturnsTheRecordWithoutAnyHash() {
    String u = "alice-" + UUID.randomUUID();
    Resp r =
        admin.json(
            "POST",
            USERS,
            body(
                "username",
                u,
                "password",
                "hunter2hunter2",
                "email",
                "alice@example.com",
                "scopes",
                List.of("store:read", "store:write")));
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    JsonNode j = r.json();
    String id = j.get("id").asText();
    assertThat(r.header("Location")).isEqualTo(USERS + id);
    assertThat(j.get("type").asText()).isEqualTo("user");
    assertThat(j.get("username").asText()).isEqualTo(u);
    assertThat(j.get("email").asText()).isEqualTo("alice@example.com");
    assertThat(j.get("disabled").asBoolean()).isFalse();
    assertThat(j.get("scopes").toString()).isEqualTo("[\"store:read\",\"store:write\"]");
    assertThat(j.get("created_by").asText()).isNotBlank();
    Set<String> fields = new HashSet<>();
    j.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactlyInAnyOrder(
            "id",
            "type",
            "username",
            "email",
            "scopes",
            "disabled",
            "created",
            "updated",
            "created_by");
    for (Resp read : List.of(r, admin.get(USERS + id), admin.get(USERS + "?username=" + u))) {
      assertThat(read.text()).doesNotContain("hunter2").doesNotContain("argon2");
    }
  }

  @Test
  void duplicateUsernameIs409CaseInsensitively() {
    String u = "Bob-" + UUID.randomUUID();
    createUser(admin, u, "password1", "store:read");
    long before = count();
    Resp dup =
        admin.json(
            "POST",
            USERS,
            body("username", u.toLowerCase(), "password", "password1", "scopes", List.of()));
    assertThat(dup.status()).as(dup.text()).isEqualTo(409);
    assertThat(count()).isEqualTo(before);
  }

  @Test
  void invalidBodiesAre422AndStoreNothing() {
    long before = count();
    for (Object b :
        List.of(
            body("password", "password1", "scopes", List.of()),
            body("username", "x" + UUID.randomUUID(), "scopes", List.of()),
            body("username", "x" + UUID.randomUUID(), "password", "short", "scopes", List.of()),
            body("username", "x" + UUID.randomUUID(), "password", "password1"),
            body(
                "username",
                "x" + UUID.randomUUID(),
                "password",
                "password1",
                "scopes",
                List.of("root")),
            body("username", " padded ", "password", "password1", "scopes", List.of()),
            body("username", "", "password", "password1", "scopes", List.of()),
            body(
                "username",
                "x" + UUID.randomUUID(),
                "password",
                "password1",
                "scopes",
                List.of(),
                "email",
                "not-an-email"),
            body(
                "username",
                "x" + UUID.randomUUID(),
                "password",
                "password1",
                "scopes",
                List.of(),
                "disabled",
                "yes"))) {
      Resp r = admin.json("POST", USERS, b);
      assertThat(r.status()).as(b + " -> " + r.text()).isEqualTo(422);
      assertThat(r.json().get("detail").isArray()).isTrue();
      assertThat(r.text()).doesNotContain("password1");
    }
    assertThat(admin.json("POST", USERS, "[]").status()).isEqualTo(422);
    assertThat(admin.json("POST", USERS, "{bad").status()).isEqualTo(422);
    assertThat(count()).isEqualTo(before);
  }

  @Test
  void aCreatorCannotGrantScopesItDoesNotHold() {
    String key = admin.createKey("users:write", "store:read");
    Http writer = admin.as(key);
    long before = count();
    Resp r =
        writer.json(
            "POST",
            USERS,
            body(
                "username",
                "esc-" + UUID.randomUUID(),
                "password",
                "password1",
                "scopes",
                List.of("admin")));
    assertThat(r.status()).as(r.text()).isEqualTo(403);
    assertThat(r.json().get("detail").asText()).contains("admin");
    assertThat(count()).isEqualTo(before);
    Resp ok =
        writer.json(
            "POST",
            USERS,
            body(
                "username",
                "ok-" + UUID.randomUUID(),
                "password",
                "password1",
                "scopes",
                List.of("store:read")));
    assertThat(ok.status()).isEqualTo(201);
    String id = ok.json().get("id").asText();
    assertThat(ok.json().get("created_by").asText()).isNotBlank();
    // nor widen one by PATCH
    Resp widen =
        writer.json("PATCH", USERS + id, body("scopes", List.of("store:read", "users:write")));
    assertThat(widen.status()).isEqualTo(200); // users:write is held by the writer
    Resp tooWide = writer.json("PATCH", USERS + id, body("scopes", List.of("admin")));
    assertThat(tooWide.status()).isEqualTo(403);
    assertThat(admin.get(USERS + id).json().get("scopes").toString())
        .isEqualTo("[\"store:read\",\"users:write\"]");
  }

  @Test
  void aCallerCannotTakeOverOrDeleteAMorePowerfulUser() {
    String boss = createUser(admin, "boss-" + UUID.randomUUID(), "boss password", "admin");
    Http writer = admin.as(admin.createKey("users:write", "users:read"));
    Resp pw = writer.json("PATCH", USERS + boss, body("password", "taken over!"));
    assertThat(pw.status()).as(pw.text()).isEqualTo(403);
    assertThat(writer.delete(USERS + boss).status()).isEqualTo(403);
    assertThat(admin.get(USERS + boss).status()).isEqualTo(200);
  }

  @Test
  void getPatchDelete() {
    String u = "carol-" + UUID.randomUUID();
    String id = createUser(admin, u, "password1", "store:read");
    JsonNode before = admin.get(USERS + id).json();
    Resp p =
        admin.json(
            "PATCH",
            USERS + id,
            body("username", u + "-renamed", "email", "carol@example.com", "disabled", true));
    assertThat(p.status()).as(p.text()).isEqualTo(200);
    JsonNode after = p.json();
    assertThat(after.get("username").asText()).isEqualTo(u + "-renamed");
    assertThat(after.get("email").asText()).isEqualTo("carol@example.com");
    assertThat(after.get("disabled").asBoolean()).isTrue();
    assertThat(after.get("created").asText()).isEqualTo(before.get("created").asText());
    assertThat(after.get("updated").asText()).isGreaterThan(before.get("updated").asText());
    assertThat(admin.get(USERS + id).json()).isEqualTo(after);
    Resp clear = admin.json("PATCH", USERS + id, body("email", null));
    assertThat(clear.json().get("email").isNull()).isTrue();
    assertThat(admin.json("PATCH", USERS + id, body("disabled", null)).status()).isEqualTo(422);
    assertThat(admin.json("PATCH", USERS + id, body("password", "short")).status()).isEqualTo(422);
    assertThat(admin.json("PATCH", USERS + UUID.randomUUID(), body("email", null)).status())
        .isEqualTo(404);
    assertThat(admin.get(USERS + "not-an-id").status()).isEqualTo(404);
    assertThat(admin.get(USERS + UUID.randomUUID()).status()).isEqualTo(404);
    assertThat(admin.delete(USERS + id).status()).isEqualTo(204);
    assertThat(admin.get(USERS + id).status()).isEqualTo(404);
    assertThat(admin.delete(USERS + id).status()).isEqualTo(404);
    // the name is free again
    createUser(admin, u + "-renamed", "password2", "store:read");
  }

  @Test
  void renameToATakenNameIs409() {
    String a = "dave-" + UUID.randomUUID();
    String b = "erin-" + UUID.randomUUID();
    createUser(admin, a, "password1");
    String idB = createUser(admin, b, "password1");
    Resp r = admin.json("PATCH", USERS + idB, body("username", a.toUpperCase()));
    assertThat(r.status()).isEqualTo(409);
    assertThat(admin.get(USERS + idB).json().get("username").asText()).isEqualTo(b);
  }

  @Test
  void listPagesFiltersAndMetadata() {
    String tag = "pg" + UUID.randomUUID().toString().substring(0, 8);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      ids.add(
          createUser(admin, tag + "-" + i, "password1", i % 2 == 0 ? "store:read" : "store:write"));
    }
    Set<String> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      String q = USERS + "?limit=3&sort_by=username&sort_order=asc&username__startswith=" + tag;
      Resp r = admin.get(cursor == null ? q : q + "&cursor=" + cursor);
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      JsonNode page = r.json();
      assertThat(page.get("collection_total").asInt()).isEqualTo(7);
      page.get("items").forEach(it -> assertThat(seen.add(it.get("id").asText())).isTrue());
      cursor = page.get("next_page").asBoolean() ? page.get("next_cursor").asText() : null;
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).isEqualTo(ids);
    JsonNode writers = admin.get(USERS + "?scopes=store:write&q=" + tag).json();
    assertThat(writers.get("collection_total").asInt()).isEqualTo(3);
    assertThat(
            admin
                .get(USERS + "?disabled=false&username__startswith=" + tag)
                .json()
                .get("collection_total")
                .asInt())
        .isEqualTo(7);
    assertThat(admin.get(USERS + "?password=x").status()).isEqualTo(422);
    assertThat(admin.get(USERS + "?sort_by=email").status()).isEqualTo(422);
    assertThat(admin.get(USERS + "?disabled__ne=true").status()).isEqualTo(422);

    JsonNode meta = admin.get(USERS + "filters").json();
    assertThat(meta.get("filters").has("username")).isTrue();
    assertThat(meta.get("filters").get("disabled").get("type").asText()).isEqualTo("boolean");
    assertThat(meta.get("filters").has("password")).isFalse();
    assertThat(meta.get("sort_by").toString()).isEqualTo("[\"username\",\"created\",\"updated\"]");
    assertThat(admin.get("/api/admin/users").status()).isEqualTo(200);
  }

  @Test
  void userCreatedRecordsHydrateToTheUserAndSurviveItsDeletion() {
    String u = "fay-" + UUID.randomUUID();
    String id = createUser(admin, u, "password1", "store:read", "store:write", "users:write");
    String token = Logins.session(admin, u, "password1").accessToken();
    Resp child =
        Logins.bearer(
            admin,
            token,
            "POST",
            USERS,
            "{\"username\":\"child-"
                + UUID.randomUUID()
                + "\",\"password\":\"password1\",\"scopes\":[]}");
    assertThat(child.status()).as(child.text()).isEqualTo(201);
    assertThat(child.json().get("created_by").asText()).isEqualTo(id);
    Resp up =
        Logins.bearer(
            admin,
            token,
            "POST",
            "/api/store/folder/",
            "{\"name\":\"fay-" + UUID.randomUUID() + "\"}");
    String folder = up.json().get("id").asText();
    JsonNode by = admin.get("/api/store/folder/" + folder).json().get("created_by");
    assertThat(by.get("id").asText()).isEqualTo(id);
    assertThat(by.get("type").asText()).isEqualTo("user");
    assertThat(by.get("name").asText()).isEqualTo(u);
    assertThat(admin.delete(USERS + id).status()).isEqualTo(204);
    JsonNode gone = admin.get("/api/store/folder/" + folder).json().get("created_by");
    assertThat(gone.get("id").asText()).isEqualTo(id);
    assertThat(gone.get("name").isNull()).isTrue();
  }
}
