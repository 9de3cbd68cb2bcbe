package dev.assetstore.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestDatabases;
import dev.assetstore.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API-key admin API: create, read, list, filters, delete (API.md §2, admin-api-keys.md). */
class ApiKeysAdminTest {
  static final String KEYS = "/api/admin/api-keys/";
  static TestServer server;
  static Http admin;
  static Map<String, String> db;

  @BeforeAll
  static void start() {
    db = TestDatabases.freshEnv();
    server = TestServer.start(db);
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

  static Resp create(Http as, Object body) {
    return as.json("POST", KEYS, body);
  }

  static String rfc3339(Instant i) {
    return i.truncatedTo(ChronoUnit.MICROS).toString();
  }

  @Test
  void createReturnsTheKeyOnceWithLocation() throws Exception {
    String expires = "2099-01-02T03:04:05.123456Z";
    Resp r =
        create(
            admin,
            body(
                "label",
                "ci deploy",
                "scopes",
                List.of("store:read", "store:write"),
                "expires",
                expires));
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    JsonNode k = r.json();
    String id = k.get("id").asText();
    String raw = k.get("key").asText();
    assertThat(raw).matches("sla_live_[A-Za-z0-9_-]{43}");
    assertThat(r.header("Location")).isEqualTo("/api/admin/api-keys/" + id);
    assertThat(k.get("label").asText()).isEqualTo("ci deploy");
    assertThat(k.get("scopes")).hasSize(2);
    assertThat(k.get("scopes").get(0).asText()).isEqualTo("store:read");
    assertThat(k.get("scopes").get(1).asText()).isEqualTo("store:write");
    assertThat(k.get("expires").asText()).isEqualTo(expires);
    assertThat(k.get("created").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    assertThat(k.get("last_used").isNull()).isTrue();
    // created_by: the bootstrap admin key that made it
    String adminId =
        admin.get(KEYS + "?label=bootstrap%20admin").json().get("items").get(0).get("id").asText();
    assertThat(k.get("created_by").asText()).isEqualTo(adminId);

    // the key works with exactly its scopes
    assertThat(admin.as(raw).get("/api/store/asset/").status()).isEqualTo(200);
    assertThat(admin.as(raw).get(KEYS).status()).isEqualTo(403);

    // last_used: set by use, written at most once a minute (so a second use keeps the value)
    String firstUse = awaitLastUsed(id);
    assertThat(firstUse).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(admin.as(raw).get("/api/store/asset/").status()).isEqualTo(200);
    assertThat(admin.get(KEYS + id).json().get("last_used").asText()).isEqualTo(firstUse);

    // GET never shows it again
    Resp got = admin.get(KEYS + id);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json().has("key")).isFalse();
    assertThat(got.text()).doesNotContain(raw);
    assertThat(got.json().get("label").asText()).isEqualTo("ci deploy");
    assertThat(got.json().get("expires").asText()).isEqualTo(expires);
    Resp list = admin.get(KEYS + "?limit=250");
    assertThat(list.text()).doesNotContain(raw);
    for (JsonNode item : list.json().get("items")) {
      assertThat(item.has("key")).isFalse();
    }
    // two keys are never the same
    String other =
        create(admin, body("label", "x", "scopes", List.of())).json().get("key").asText();
    assertThat(other).isNotEqualTo(raw);
  }

  @Test
  void createWithoutExpiresHasNullExpires() {
    Resp r = create(admin, body("label", "forever", "scopes", List.of("store:read")));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get("expires").isNull()).isTrue();
  }

  static void assert422(Resp r, String field) {
    assertThat(r.status()).as(r.text()).isEqualTo(422);
    JsonNode detail = r.json().get("detail");
    assertThat(detail.isArray()).isTrue();
    List<String> locs = new ArrayList<>();
    for (JsonNode d : detail) {
      assertThat(d.get("loc").get(0).asText()).isEqualTo("body");
      assertThat(d.get("msg").asText()).isNotBlank();
      assertThat(d.get("type").asText()).isNotBlank();
      locs.add(d.get("loc").get(1).asText());
    }
    assertThat(locs).contains(field);
  }

  @Test
  void validationErrors() {
    long before = total();
    assert422(create(admin, body("scopes", List.of("store:read"))), "label");
    assert422(create(admin, body("label", "", "scopes", List.of())), "label");
    assert422(create(admin, body("label", "   ", "scopes", List.of())), "label");
    assert422(create(admin, body("label", 5, "scopes", List.of())), "label");
    assert422(create(admin, body("label", "x".repeat(256), "scopes", List.of())), "label");
    assert422(create(admin, body("label", "a")), "scopes");
    assert422(
        create(admin, body("label", "a", "scopes", List.of("store:read", "store:delete"))),
        "scopes");
    assert422(create(admin, body("label", "a", "scopes", "store:read")), "scopes");
    assert422(create(admin, body("label", "a", "scopes", List.of(1))), "scopes");
    assert422(
        create(admin, body("label", "a", "scopes", List.of(), "expires", "2020-01-01T00:00:00Z")),
        "expires");
    assert422(
        create(
            admin,
            body(
                "label",
                "a",
                "scopes",
                List.of(),
                "expires",
                rfc3339(Instant.now().minusSeconds(1)))),
        "expires");
    assert422(
        create(admin, body("label", "a", "scopes", List.of(), "expires", "tomorrow")), "expires");
    assert422(
        create(admin, body("label", "a", "scopes", List.of(), "expires", "2099-13-01T00:00:00Z")),
        "expires");
    assert422(
        create(admin, body("label", "a", "scopes", List.of(), "expires", 4102444800L)), "expires");
    // several problems at once: one entry per problem
    Resp many = create(admin, body("label", "", "scopes", "nope", "expires", "bad"));
    assert422(many, "label");
    assertThat(many.json().get("detail")).hasSize(3);
    // not an object / not JSON
    assertThat(create(admin, List.of("a")).status()).isEqualTo(422);
    assertThat(create(admin, "{not json").status()).isEqualTo(422);
    // the unknown-scope entry points at the scope
    Resp unknown = create(admin, body("label", "a", "scopes", List.of("store:read", "root")));
    JsonNode loc = unknown.json().get("detail").get(0).get("loc");
    assertThat(loc.toString()).isEqualTo("[\"body\",\"scopes\",1]");
    // nothing was stored by any failed request
    assertThat(total()).isEqualTo(before);
  }

  static long total() {
    return admin.get(KEYS).json().get("collection_total").asLong();
  }

  @Test
  void nonAdminCannotGrantScopesItDoesNotHold() {
    String minter = admin.createKey("apikeys:write", "store:read");
    Http m = admin.as(minter);
    long before = total();
    Resp r = create(m, body("label", "escalate", "scopes", List.of("store:write")));
    assertThat(r.status()).as(r.text()).isEqualTo(403);
    assertThat(r.json().get("detail").asText()).contains("store:write");
    assertThat(create(m, body("label", "root", "scopes", List.of("admin"))).status())
        .isEqualTo(403);
    assertThat(
            create(m, body("label", "mixed", "scopes", List.of("store:read", "apikeys:read")))
                .status())
        .isEqualTo(403);
    assertThat(total()).isEqualTo(before);
    // scopes it holds: fine
    Resp ok = create(m, body("label", "sub", "scopes", List.of("store:read", "apikeys:write")));
    assertThat(ok.status()).as(ok.text()).isEqualTo(201);
    String minterId =
        admin.get(KEYS + ok.json().get("id").asText()).json().get("created_by").asText();
    assertThat(admin.get(KEYS + minterId).json().get("label").asText())
        .isEqualTo("test apikeys:write,store:read");
    // admin may grant admin
    assertThat(create(admin, body("label", "second admin", "scopes", List.of("admin"))).status())
        .isEqualTo(201);
  }

  @Test
  void listPageShapeFiltersAndSort() {
    // Letters on purpose: the case-sensitivity checks below need a tag whose upper case differs
    // (a random hex prefix can be all digits).
    String tag = "k" + UUID.randomUUID().toString().substring(0, 8);
    List<String> labels =
        List.of("delta-" + tag, "Alpha-" + tag, "charlie-" + tag.toUpperCase(), "bravo-" + tag);
    Map<String, String> ids = new HashMap<>();
    for (String l : labels) {
      Resp r = create(admin, body("label", l, "scopes", List.of("store:read")));
      ids.put(l, r.json().get("id").asText());
    }
    Resp page =
        admin.get(KEYS + "?limit=2&label__icontains=" + tag + "&sort_by=label&sort_order=asc");
    assertThat(page.status()).as(page.text()).isEqualTo(200);
    JsonNode p = page.json();
    assertThat(p.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder(
            "items", "next_cursor", "next_page", "limit", "collection_total");
    assertThat(p.get("limit").asInt()).isEqualTo(2);
    assertThat(p.get("collection_total").asLong()).isEqualTo(4);
    assertThat(p.get("next_page").asBoolean()).isTrue();
    assertThat(p.get("next_cursor").asText()).matches("[A-Za-z0-9_.=-]+");
    assertThat(p.get("items")).hasSize(2);

    List<String> walked =
        labels(
            admin.walk(
                KEYS + "?limit=2&label__icontains=" + tag + "&sort_by=label&sort_order=asc"));
    // binary order: upper-case sorts before lower-case
    assertThat(walked)
        .containsExactly(
            "Alpha-" + tag, "bravo-" + tag, "charlie-" + tag.toUpperCase(), "delta-" + tag);
    List<String> desc =
        labels(
            admin.walk(
                KEYS + "?limit=3&label__icontains=" + tag + "&sort_by=label&sort_order=desc"));
    assertThat(desc).containsExactlyElementsOf(walked.reversed());
    // contains is case-sensitive
    assertThat(labels(admin.walk(KEYS + "?label__contains=" + tag))).hasSize(3);
    // default sort: created desc
    assertThat(labels(admin.walk(KEYS + "?label__icontains=" + tag)))
        .containsExactlyElementsOf(labels.reversed());
    assertThat(labels(admin.walk(KEYS + "?label__startswith=Alpha-" + tag)))
        .containsExactly("Alpha-" + tag);
    assertThat(labels(admin.walk(KEYS + "?label=bravo-" + tag))).containsExactly("bravo-" + tag);
    // scopes (tags) filter and a datetime filter
    assertThat(admin.walk(KEYS + "?scopes=admin"))
        .allSatisfy(k -> assertThat(k.get("scopes").toString()).contains("\"admin\""));
    assertThat(admin.walk(KEYS + "?scopes=admin")).isNotEmpty();
    assertThat(admin.walk(KEYS + "?expires__isnull=false&label__icontains=" + tag)).isEmpty();
    // unknown filter or operator, bad sort: 422
    assertThat(admin.get(KEYS + "?key_hash=x").status()).isEqualTo(422);
    assertThat(admin.get(KEYS + "?label__gt=x").status()).isEqualTo(422);
    assertThat(admin.get(KEYS + "?sort_by=scopes").status()).isEqualTo(422);
    assertThat(admin.get(KEYS + "?limit=0").status()).isEqualTo(422);
    assertThat(admin.get(KEYS + "?limit=251").status()).isEqualTo(422);
    // a cursor is bound to its filters and sort
    String cursor = p.get("next_cursor").asText();
    assertThat(
            admin
                .get(KEYS + "?limit=2&sort_by=label&sort_order=asc&cursor=" + Http.enc(cursor))
                .status())
        .isEqualTo(422);
    // include_total=false gives 0
    assertThat(admin.get(KEYS + "?include_total=false").json().get("collection_total").asLong())
        .isZero();
    // without trailing slash: the same
    assertThat(
            admin
                .get("/api/admin/api-keys?label__icontains=" + tag)
                .json()
                .get("collection_total")
                .asLong())
        .isEqualTo(4);
  }

  static List<String> labels(List<JsonNode> items) {
    return items.stream().map(i -> i.get("label").asText()).toList();
  }

  @Test
  void filtersMetadata() {
    Resp r = admin.get("/api/admin/api-keys/filters");
    assertThat(r.status()).isEqualTo(200);
    JsonNode f = r.json();
    assertThat(f.get("default_sort_by").asText()).isEqualTo("created");
    assertThat(f.get("default_sort_order").asText()).isEqualTo("desc");
    List<String> sortBy = new ArrayList<>();
    f.get("sort_by").forEach(s -> sortBy.add(s.asText()));
    assertThat(sortBy).contains("label", "created");
    JsonNode label = f.get("filters").get("label");
    assertThat(label.get("type").asText()).isEqualTo("string");
    List<String> ops = new ArrayList<>();
    label.get("operators").forEach(o -> ops.add(o.asText()));
    assertThat(ops).contains("eq", "icontains", "contains", "startswith", "in");
    assertThat(f.get("filters").has("key_hash")).isFalse();
    assertThat(f.get("filters").has("key")).isFalse();
    // every advertised filter and operator is accepted by the list
    f.get("filters")
        .fields()
        .forEachRemaining(
            e ->
                e.getValue()
                    .get("operators")
                    .forEach(
                        op -> {
                          String type = e.getValue().get("type").asText();
                          String v =
                              switch (op.asText()) {
                                case "isnull" -> "true";
                                default ->
                                    switch (type) {
                                      case "datetime" -> "2030-01-01T00:00:00Z";
                                      case "integer" -> "1";
                                      default -> "x";
                                    };
                              };
                          Resp lr =
                              admin.get(
                                  KEYS + "?" + e.getKey() + "__" + op.asText() + "=" + Http.enc(v));
                          assertThat(lr.status())
                              .as(e.getKey() + "__" + op.asText() + " " + lr.text())
                              .isEqualTo(200);
                        }));
  }

  @Test
  void getByIdUnknownOrMalformedIs404() {
    Resp unknown = admin.get(KEYS + UUID.randomUUID());
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("detail").isTextual()).isTrue();
    assertThat(admin.get(KEYS + "not-a-uuid").status()).isEqualTo(404);
    assertThat(admin.get(KEYS + "0190AAAA-0000-7000-8000-000000000000").status()).isEqualTo(404);
    assertThat(admin.delete(KEYS + "not-a-uuid").status()).isEqualTo(404);
    assertThat(admin.delete(KEYS + UUID.randomUUID()).status()).isEqualTo(404);
  }

  @Test
  void deleteRevokesAtOnce() {
    Resp r = create(admin, body("label", "short-lived", "scopes", List.of("store:read")));
    String id = r.json().get("id").asText();
    String raw = r.json().get("key").asText();
    Http k = admin.as(raw);
    // warm every cache the server may have
    for (int i = 0; i < 3; i++) {
      assertThat(k.get("/api/store/asset/").status()).isEqualTo(200);
    }
    Resp del = admin.delete(KEYS + id);
    assertThat(del.status()).isEqualTo(204);
    assertThat(del.body()).isEmpty();
    Resp refused = k.get("/api/store/asset/");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.header("WWW-Authenticate")).isNotBlank();
    Resp bearer =
        k.as(null)
            .send(
                k.as(null)
                    .request("/api/store/asset/")
                    .header("Authorization", "Bearer " + raw)
                    .build());
    assertThat(bearer.status()).isEqualTo(401);
    assertThat(admin.get(KEYS + id).status()).isEqualTo(404);
    assertThat(admin.delete(KEYS + id).status()).isEqualTo(404);
  }

  /**
   * A lookup that read the key just before the delete must not put it back into the cache after the
   * delete cleared it: once DELETE answered 204, every later request is refused.
   */
  @Test
  void deleteRacingFirstUseStillRevokesAtOnce() throws Exception {
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(12)) {
      for (int round = 0; round < 25; round++) {
        Resp r = create(admin, body("label", "race", "scopes", List.of("store:read")));
        String id = r.json().get("id").asText();
        Http k = admin.as(r.json().get("key").asText());
        var go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
          fs.add(
              pool.submit(
                  () -> {
                    go.await();
                    return k.get("/api/admin/api-keys/filters").status();
                  }));
        }
        var del =
            pool.submit(
                () -> {
                  go.await();
                  return admin.delete(KEYS + id).status();
                });
        go.countDown();
        assertThat(del.get()).isEqualTo(204);
        for (var f : fs) {
          f.get();
        }
        for (int i = 0; i < 3; i++) {
          assertThat(k.get("/api/store/asset/").status()).as("round " + round).isEqualTo(401);
        }
      }
    }
  }

  @Test
  void keyCanDeleteItselfAndIsRefusedRightAfter() {
    String raw = admin.createKey("apikeys:write", "apikeys:read");
    Http k = admin.as(raw);
    JsonNode me =
        admin.walk(KEYS + "?label=" + Http.enc("test apikeys:write,apikeys:read")).getFirst();
    assertThat(k.delete(KEYS + me.get("id").asText()).status()).isEqualTo(204);
    assertThat(k.get(KEYS).status()).isEqualTo(401);
  }

  @Test
  void expiredKeyIsRefused() throws Exception {
    Instant expires = Instant.now().plusMillis(2000);
    Resp r =
        create(
            admin,
            body(
                "label", "expiring", "scopes", List.of("store:read"), "expires", rfc3339(expires)));
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    Http k = admin.as(r.json().get("key").asText());
    assertThat(k.get("/api/store/asset/").status()).isEqualTo(200); // valid now (and cached)
    long wait = expires.toEpochMilli() - System.currentTimeMillis() + 100;
    assertThat(wait).isLessThanOrEqualTo(3000);
    if (wait > 0) {
      Thread.sleep(wait);
    }
    Resp refused = k.get("/api/store/asset/");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.header("WWW-Authenticate")).isNotBlank();
    // the record itself still exists
    assertThat(admin.get(KEYS + r.json().get("id").asText()).status()).isEqualTo(200);
  }

  @Test
  void onlyHashesAreStored() throws Exception {
    List<String> raws = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      raws.add(
          create(admin, body("label", "hash-" + i, "scopes", List.of("store:read")))
              .json()
              .get("key")
              .asText());
    }
    raws.add(TestServer.ADMIN_KEY);
    Set<String> hashes = new HashSet<>();
    int rows = 0;
    try (Connection c = TestDatabases.connect(db, server.dataDir());
        ResultSet rs = c.createStatement().executeQuery("SELECT * FROM api_keys")) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        rows++;
        hashes.add(rs.getString("key_hash"));
        for (int col = 1; col <= md.getColumnCount(); col++) {
          String v = rs.getString(col);
          if (v == null) {
            continue;
          }
          for (String raw : raws) {
            String secret = raw.substring("sla_live_".length());
            assertThat(v).as(md.getColumnName(col)).doesNotContain(raw);
            assertThat(v).as(md.getColumnName(col)).doesNotContain(secret.substring(8));
          }
        }
      }
    }
    assertThat(rows).isGreaterThanOrEqualTo(4);
    for (String raw : raws) {
      String sha =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(raw.getBytes(StandardCharsets.UTF_8)));
      assertThat(hashes).contains(sha);
    }
  }

  /** last_used is written off the request path; wait briefly for it. */
  private static String awaitLastUsed(String id) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5000;
    while (System.currentTimeMillis() < deadline) {
      JsonNode k = admin.get(KEYS + id).json();
      if (!k.get("last_used").isNull()) {
        return k.get("last_used").asText();
      }
      Thread.sleep(25);
    }
    throw new AssertionError("last_used was never set for " + id);
  }
}
