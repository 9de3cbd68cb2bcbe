package dev.assetstore.http.shares;

import static dev.assetstore.http.shares.ShareChecks.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The owner's Shares API: create, list, filters, get, PUT/PATCH, DELETE, download, cascades. */
class ShareOwnerApiTest {
  static final String PUBLIC = "https://files.example.test/base";
  static TestServer server;
  static Http http;
  static String folderId;
  static JsonNode asset;
  static String assetId;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of("ASSET_STORE_PUBLIC_URL", PUBLIC + "/"));
    http = server.http;
    folderId = server.createFolder("Owner", null);
    asset = upload(http, folderId, "owned.txt", "owner bytes");
    assetId = asset.get("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void createReturnsShareReadCreateWithTokenAndAccessUrl() {
    Resp r =
        http.json(
            "POST",
            SHARES,
            body(
                "asset",
                assetId,
                "name",
                "For the client",
                "password",
                "correct horse",
                "recipients",
                List.of("Bob@Example.com"),
                "max_downloads",
                3,
                "message",
                "hello",
                "expires",
                inSeconds(3600)));
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    JsonNode s = r.json();
    assertThat(r.header("Location")).isEqualTo("/api/share/" + s.get("id").asText());
    assertThat(s.get("type").asText()).isEqualTo("share");
    assertThat(s.get("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-.*");
    String token = s.get("token").asText();
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    assertThat(s.get("access_url").asText()).isEqualTo(PUBLIC + "/s/" + token);
    assertThat(s.get("name").asText()).isEqualTo("For the client");
    assertThat(s.get("target_type").asText()).isEqualTo("asset");
    assertThat(s.get("asset").get("id").asText()).isEqualTo(assetId);
    assertThat(s.get("folder").isNull()).isTrue();
    assertThat(s.get("password_protected").asBoolean()).isTrue();
    assertThat(s.has("password")).isFalse();
    assertThat(r.text()).doesNotContain("correct horse").doesNotContain("argon2");
    assertThat(s.get("recipients")).extracting(JsonNode::asText).containsExactly("bob@example.com");
    assertThat(s.get("max_downloads").asInt()).isEqualTo(3);
    assertThat(s.get("active").asBoolean()).isTrue();
    JsonNode st = s.get("statistics");
    assertThat(st.get("views").asLong()).isZero();
    assertThat(st.get("downloads").asLong()).isZero();
    assertThat(st.get("failed_attempts").asLong()).isZero();
    assertThat(st.get("last_accessed").isNull()).isTrue();
    assertThat(s.get("created").asText()).matches(".*T.*\\.\\d{6}Z");
    assertThat(s.get("created_by").isObject() || s.get("created_by").isTextual()).isTrue();

    // the owner's GET: same record, statistics, no token, no password
    JsonNode g = get(http, s.get("id").asText());
    assertThat(g.has("token")).isFalse();
    assertThat(g.get("access_url").asText()).isEqualTo(s.get("access_url").asText());
    assertThat(g.get("password_protected").asBoolean()).isTrue();
    assertThat(g.toString()).doesNotContain("correct horse").doesNotContain("argon2");
    assertThat(g.get("statistics").get("views").asLong()).isZero();

    // without a password: password_protected false
    JsonNode open = create(http, "folder", folderId);
    assertThat(open.get("password_protected").asBoolean()).isFalse();
    assertThat(open.get("target_type").asText()).isEqualTo("folder");
    assertThat(open.get("folder").get("id").asText()).isEqualTo(folderId);
    assertThat(open.get("asset").isNull()).isTrue();
    assertThat(open.get("token").asText()).isNotEqualTo(token);
  }

  @Test
  void createValidation() {
    // exactly one of asset / folder
    assertInvalid(http.json("POST", SHARES, body()), "body");
    assertInvalid(http.json("POST", SHARES, body("asset", assetId, "folder", folderId)), "body");
    // unknown target: 404
    String missing = "01890000-0000-7000-8000-000000000000";
    assertError(http.json("POST", SHARES, body("asset", missing)), 404);
    assertError(http.json("POST", SHARES, body("folder", missing)), 404);
    assertError(http.json("POST", SHARES, body("asset", "not-an-id")), 404);
    // expires in the past / not a datetime
    assertInvalid(
        http.json("POST", SHARES, body("asset", assetId, "expires", inSeconds(-60))),
        "body",
        "expires");
    assertInvalid(
        http.json("POST", SHARES, body("asset", assetId, "expires", "tomorrow")),
        "body",
        "expires");
    // password 8..256
    assertInvalid(
        http.json("POST", SHARES, body("asset", assetId, "password", "1234567")),
        "body",
        "password");
    assertInvalid(
        http.json("POST", SHARES, body("asset", assetId, "password", "x".repeat(257))),
        "body",
        "password");
    assertThat(http.json("POST", SHARES, body("asset", assetId, "password", "12345678")).status())
        .isEqualTo(201);
    assertThat(
            http.json("POST", SHARES, body("asset", assetId, "password", "y".repeat(256))).status())
        .isEqualTo(201);
    // recipients must be email addresses
    assertInvalid(
        http.json("POST", SHARES, body("asset", assetId, "recipients", List.of("not an email"))),
        "body",
        "recipients");
    assertInvalid(
        http.json("POST", SHARES, body("asset", assetId, "recipients", List.of("a@b.com", "nope"))),
        "body",
        "recipients");
    assertInvalid(
        http.json("POST", SHARES, body("asset", assetId, "recipients", "a@b.com")),
        "body",
        "recipients");
    // max_downloads >= 1
    assertInvalid(
        http.json("POST", SHARES, body("asset", assetId, "max_downloads", 0)),
        "body",
        "max_downloads");
    assertInvalid(
        http.json("POST", SHARES, body("asset", assetId, "max_downloads", -5)),
        "body",
        "max_downloads");
    assertInvalid(
        http.json("POST", SHARES, body("asset", assetId, "max_downloads", "many")),
        "body",
        "max_downloads");
    // the same rules on PATCH/PUT
    String id = create(http, "asset", assetId).get("id").asText();
    assertInvalid(http.json("PATCH", SHARES + id, body("password", "short")), "body", "password");
    assertInvalid(
        http.json("PATCH", SHARES + id, body("expires", inSeconds(-10))), "body", "expires");
    assertInvalid(http.json("PUT", SHARES + id, body("max_downloads", 0)), "body", "max_downloads");
    assertInvalid(
        http.json("PATCH", SHARES + id, body("recipients", List.of("x"))), "body", "recipients");
    // nothing was changed by the refusals
    JsonNode g = get(http, id);
    assertThat(g.get("password_protected").asBoolean()).isFalse();
    assertThat(g.get("max_downloads").isNull()).isTrue();
    assertThat(g.get("expires").isNull()).isTrue();
    assertThat(g.get("recipients")).isEmpty();
  }

  @Test
  void patchChangesOnlyWhatIsGivenAndPutResets() {
    JsonNode s =
        create(
            http,
            "asset",
            assetId,
            "name",
            "orig",
            "password",
            "password-1",
            "max_downloads",
            5,
            "recipients",
            List.of("a@example.com"),
            "message",
            "msg");
    String id = s.get("id").asText();
    Resp p = http.json("PATCH", SHARES + id, body("name", "renamed"));
    assertThat(p.status()).as(p.text()).isEqualTo(200);
    JsonNode j = p.json();
    assertThat(j.get("name").asText()).isEqualTo("renamed");
    assertThat(j.get("password_protected").asBoolean()).isTrue();
    assertThat(j.get("max_downloads").asInt()).isEqualTo(5);
    assertThat(j.get("recipients")).extracting(JsonNode::asText).containsExactly("a@example.com");
    assertThat(j.get("message").asText()).isEqualTo("msg");
    assertThat(j.get("token")).isNull();
    // password null clears
    j = http.json("PATCH", SHARES + id, "{\"password\": null}").json();
    assertThat(j.get("password_protected").asBoolean()).isFalse();
    // target is fixed: PATCH/PUT cannot change it
    String exp = inSeconds(7200);
    Resp put =
        http.json(
            "PUT",
            SHARES + id,
            body("name", "put", "expires", exp, "max_downloads", 2, "folder", folderId));
    assertThat(put.status()).as(put.text()).isIn(200, 422);
    JsonNode after = get(http, id);
    assertThat(after.get("target_type").asText()).isEqualTo("asset");
    assertThat(after.get("asset").get("id").asText()).isEqualTo(assetId);
    assertThat(after.get("folder").isNull()).isTrue();
    if (put.status() == 200) {
      assertThat(after.get("name").asText()).isEqualTo("put");
      assertThat(after.get("max_downloads").asInt()).isEqualTo(2);
      assertThat(after.get("expires").asText()).isNotEmpty();
      // PUT resets what it omits
      assertThat(after.get("recipients")).isEmpty();
      assertThat(after.get("password_protected").asBoolean()).isFalse();
    }
    j = http.json("PUT", SHARES + id, body("name", "bare")).json();
    assertThat(j.get("expires").isNull()).isTrue();
    assertThat(j.get("max_downloads").isNull()).isTrue();
    assertThat(j.get("recipients")).isEmpty();
    assertThat(j.get("message").isNull()).isTrue();
    assertThat(j.get("access_url").asText()).isEqualTo(s.get("access_url").asText());
    // unknown share
    String missing = "01890000-0000-7000-8000-000000000001";
    assertError(http.json("PATCH", SHARES + missing, body("name", "x")), 404);
    assertError(http.json("PUT", SHARES + missing, body("name", "x")), 404);
    assertError(http.json("PATCH", SHARES + "garbage", body("name", "x")), 404);
  }

  @Test
  void deleteRemovesTheShareAndItsLink() {
    JsonNode s = create(http, "asset", assetId);
    String id = s.get("id").asText();
    assertThat(redeem(server, "token", s.get("token").asText()).status()).isEqualTo(200);
    Resp d = http.delete(SHARES + id);
    assertThat(d.status()).isEqualTo(204);
    assertThat(d.body()).isEmpty();
    assertError(http.get(SHARES + id), 404);
    assertError(http.delete(SHARES + id), 404);
    assertError(redeem(server, "token", s.get("token").asText()), 404);
    assertError(http.delete(SHARES + "not-a-uuid"), 404);
    assertError(http.get(SHARES + "not-a-uuid"), 404);
  }

  @Test
  void listPagesFiltersAndHydrates() {
    String f = server.createFolder("ListHere", null);
    JsonNode a = upload(http, f, "listed.bin", "x");
    String aid = a.get("id").asText();
    // a key that only creates and reads, to test created_by
    Resp kr =
        http.json(
            "POST",
            "/api/admin/api-keys/",
            body("label", "sharer", "scopes", List.of("store:share", "store:read")));
    assertThat(kr.status()).isEqualTo(201);
    String sharer = kr.json().get("key").asText();
    String sharerId = kr.json().get("id").asText();

    List<String> mine = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      Resp r =
          http.as(sharer)
              .json("POST", SHARES, body("asset", aid, "name", "list-" + i, "max_downloads", 1));
      assertThat(r.status()).as(r.text()).isEqualTo(201);
      mine.add(r.json().get("id").asText());
    }
    JsonNode fs = create(http, "folder", f, "name", "list-folder", "expires", inSeconds(5000));

    // walk all pages with a small limit: each exactly once
    List<JsonNode> all = http.walk(SHARES + "?limit=2&asset=" + aid);
    assertThat(ids(toArray(all))).containsExactlyInAnyOrderElementsOf(mine);
    Resp first = http.get(SHARES + "?limit=2&asset=" + aid);
    JsonNode page = first.json();
    assertThat(page.get("limit").asInt()).isEqualTo(2);
    assertThat(page.get("next_page").asBoolean()).isTrue();
    assertThat(page.get("collection_total").asInt()).isEqualTo(7);
    // default order: created desc
    assertThat(page.get("items").get(0).get("id").asText()).isEqualTo(mine.get(6));
    // asc
    assertThat(
            http.get(SHARES + "?limit=1&sort_order=asc&asset=" + aid)
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asText())
        .isEqualTo(mine.get(0));

    // hydration: asset and folder are records, or ids with hydrate=false
    JsonNode hyd = page.get("items").get(0);
    assertThat(hyd.get("asset").isObject()).isTrue();
    assertThat(hyd.get("asset").get("id").asText()).isEqualTo(aid);
    assertThat(hyd.get("asset").get("folder").asText()).isEqualTo(f); // one level deep
    assertThat(hyd.get("created_by").get("id").asText()).isEqualTo(sharerId);
    JsonNode flat = http.get(SHARES + "?limit=1&hydrate=false&asset=" + aid).json();
    assertThat(flat.get("items").get(0).get("asset").asText()).isEqualTo(aid);
    assertThat(flat.get("items").get(0).get("created_by").asText()).isEqualTo(sharerId);
    JsonNode fsh = http.get(SHARES + "?folder=" + f).json().get("items");
    assertThat(ids(fsh)).containsExactly(fs.get("id").asText());
    assertThat(fsh.get(0).get("folder").get("name").asText()).isEqualTo("ListHere");
    assertThat(fsh.get(0).get("folder").get("parent").isNull()).isTrue();
    assertThat(
            http.get(SHARES + "?hydrate=false&folder=" + f)
                .json()
                .get("items")
                .get(0)
                .get("folder")
                .asText())
        .isEqualTo(f);

    // filters
    assertThat(ids(http.get(SHARES + "?name=list-3").json().get("items")))
        .containsExactly(mine.get(3));
    assertThat(ids(http.get(SHARES + "?name__startswith=list-&limit=250").json().get("items")))
        .containsExactlyInAnyOrderElementsOf(concat(mine, fs.get("id").asText()));
    assertThat(
            ids(
                http.get(SHARES + "?target_type=folder&name__startswith=list-")
                    .json()
                    .get("items")))
        .containsExactly(fs.get("id").asText());
    assertThat(ids(http.get(SHARES + "?created_by=" + sharerId).json().get("items")))
        .containsExactlyInAnyOrderElementsOf(mine);
    assertThat(
            ids(
                http.get(SHARES + "?expires__isnull=false&name__startswith=list-")
                    .json()
                    .get("items")))
        .containsExactly(fs.get("id").asText());
    assertThat(
            ids(
                http.get(
                        SHARES + "?expires__gt=" + enc(inSeconds(4000)) + "&name__startswith=list-")
                    .json()
                    .get("items")))
        .containsExactly(fs.get("id").asText());
    String mid = get(http, mine.get(3)).get("created").asText();
    assertThat(
            ids(
                http.get(SHARES + "?created__gt=" + enc(mid) + "&created_by=" + sharerId)
                    .json()
                    .get("items")))
        .containsExactlyInAnyOrder(mine.get(4), mine.get(5), mine.get(6));
    assertThat(ids(http.get(SHARES + "?active=true&asset=" + aid).json().get("items"))).hasSize(7);
    assertThat(http.get(SHARES + "?active=false&asset=" + aid).json().get("items")).isEmpty();

    // unknown filter / wrong operator: 422
    assertInvalid(http.get(SHARES + "?password=x"), "query");
    assertInvalid(http.get(SHARES + "?active__gt=true"), "query");
    assertInvalid(http.get(SHARES + "?limit=0"), "query", "limit");
    assertInvalid(http.get(SHARES + "?cursor=garbage"), "query", "cursor");

    // filter metadata
    Resp fm = http.get(SHARES + "filters");
    assertThat(fm.status()).isEqualTo(200);
    JsonNode filters = fm.json().get("filters");
    Set<String> names = new HashSet<>();
    filters.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .contains(
            "name", "target_type", "asset", "folder", "expires", "created", "created_by", "active");
    assertThat(filters.get("active").get("type").asText()).isEqualTo("boolean");
    assertThat(filters.get("expires").get("type").asText()).isEqualTo("datetime");
    assertThat(fm.json().get("default_sort_by").asText()).isEqualTo("created");
    // no trailing slash works too
    assertThat(http.get("/api/share?asset=" + aid).json().get("collection_total").asInt())
        .isEqualTo(7);
  }

  @Test
  void assetAndFolderSharesEndpointsReturnRealRecords() {
    String f = server.createFolder("Targets", null);
    JsonNode a = upload(http, f, "t.txt", "t");
    String aid = a.get("id").asText();
    JsonNode s1 = create(http, "asset", aid, "name", "one");
    JsonNode s2 = create(http, "asset", aid, "name", "two");
    JsonNode s3 = create(http, "folder", f, "name", "three");
    Resp ra = http.get("/api/store/asset/" + aid + "/shares");
    assertThat(ra.status()).isEqualTo(200);
    assertThat(ra.json().isArray()).isTrue();
    assertThat(ids(ra.json()))
        .containsExactlyInAnyOrder(s1.get("id").asText(), s2.get("id").asText());
    JsonNode one = ra.json().get(0);
    assertThat(one.get("type").asText()).isEqualTo("share");
    assertThat(one.get("access_url").asText()).startsWith(PUBLIC + "/s/");
    assertThat(one.has("statistics")).isTrue();
    assertThat(one.has("token")).isFalse();
    Resp rf = http.get("/api/store/folder/" + f + "/shares");
    assertThat(rf.status()).isEqualTo(200);
    assertThat(ids(rf.json())).containsExactly(s3.get("id").asText());
  }

  @Test
  void deletingTheTargetDeletesItsShares() {
    String top = server.createFolder("Doomed", null);
    String sub = server.createFolder("Inner", top);
    JsonNode a1 = upload(http, sub, "deep.txt", "deep");
    JsonNode a2 = upload(http, null, "alone.txt", "alone");
    JsonNode sA1 = create(http, "asset", a1.get("id").asText());
    JsonNode sSub = create(http, "folder", sub);
    JsonNode sTop = create(http, "folder", top);
    JsonNode sA2 = create(http, "asset", a2.get("id").asText());
    // an access token issued before the deletion dies with it
    String tok = accessToken(server, "token", sA2.get("token").asText());

    assertThat(http.delete("/api/store/asset/" + a2.get("id").asText()).status()).isEqualTo(204);
    assertError(http.get(SHARES + sA2.get("id").asText()), 404);
    assertError(redeem(server, "token", sA2.get("token").asText()), 404);
    assertThat(access(server, tok, DOWNLOAD + "?id=" + a2.get("id").asText()).status())
        .isEqualTo(401);

    assertThat(http.delete("/api/store/folder/" + top + "?recursive=true").status()).isEqualTo(204);
    for (JsonNode s : List.of(sA1, sSub, sTop)) {
      assertError(http.get(SHARES + s.get("id").asText()), 404);
      assertError(redeem(server, "token", s.get("token").asText()), 404);
    }
    assertThat(http.get(SHARES + "?folder=" + top).json().get("items")).isEmpty();
  }

  @Test
  void ownerDownloadGivesTheSharedContent() {
    String f = server.createFolder("OwnerDl", null);
    upload(http, f, "x.txt", "xx");
    byte[] bytes = "owner download".getBytes(StandardCharsets.UTF_8);
    JsonNode a = upload(http, null, "single.txt", bytes);
    JsonNode sa = create(http, "asset", a.get("id").asText());
    Resp r = http.get(SHARES + sa.get("id").asText() + "/download");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(bytes);
    assertThat(r.header("ETag")).isEqualTo("\"" + a.get("sha256").asText() + "\"");
    JsonNode sf = create(http, "folder", f);
    Resp z = http.get(SHARES + sf.get("id").asText() + "/download");
    assertThat(z.status()).isEqualTo(200);
    assertThat(z.header("Content-Type")).isEqualTo("application/zip");
    assertThat(unzip(z.body())).containsKey("OwnerDl/x.txt");
    // owner downloads are not recipient downloads
    assertThat(stats(http, sa.get("id").asText()).get("downloads").asLong()).isZero();
    assertError(http.get(SHARES + "01890000-0000-7000-8000-000000000002/download"), 404);
  }

  static JsonNode toArray(List<JsonNode> l) {
    var arr = Http.JSON.createArrayNode();
    l.forEach(arr::add);
    return arr;
  }

  static List<String> concat(List<String> l, String x) {
    List<String> out = new ArrayList<>(l);
    out.add(x);
    return out;
  }
}
