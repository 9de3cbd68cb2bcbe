package dev.assetstore.http.shares;

import static dev.assetstore.http.shares.ShareChecks.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a share access token reads, and where it stops. */
class ShareAccessTest {
  static final String MISSING = "01890000-0000-7000-8000-0000000000ff";
  static TestServer server;
  static Http http;
  static String top;
  static String shared;
  static String sub1;
  static String sub2;
  static String sub3;
  static String sibling;
  static String lookalike;
  static List<String> sharedAssets = new ArrayList<>();
  static JsonNode deep;
  static JsonNode sibAsset;
  static JsonNode lookalikeAsset;
  static JsonNode elsewhere;
  static JsonNode folderShare;
  static String token;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http;
    top = server.createFolder("Top", null);
    shared = server.createFolder("Shared", top);
    sub1 = server.createFolder("b-sub", shared);
    sub2 = server.createFolder("a-sub", shared);
    sub3 = server.createFolder("c-sub", shared);
    sibling = server.createFolder("Sibling", top);
    lookalike = server.createFolder("SharedX", top);
    for (String n : List.of("e.txt", "c.txt", "a.txt", "d.txt", "b.txt")) {
      sharedAssets.add(upload(http, shared, n, "content of " + n).get("id").asText());
    }
    deep = upload(http, sub1, "deep.txt", "deep content");
    sibAsset = upload(http, sibling, "sib.txt", "sibling content");
    lookalikeAsset = upload(http, lookalike, "look.txt", "look");
    elsewhere = upload(http, null, "elsewhere.txt", "elsewhere");
    folderShare = create(http, "folder", shared);
    token = accessToken(server, "token", folderShare.get("token").asText());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Resp get(String path, String... headers) {
    return access(server, token, path, headers);
  }

  @Test
  void onlyShareAccessTokensOpenTheAccessEndpoints() {
    String key = http.createKey("store:read", "store:write", "store:share");
    // no credentials, an API key, an admin key: 401
    assertError(access(server, null, ITEMS), 401);
    assertThat(access(server, null, ITEMS).header("WWW-Authenticate")).isNotNull();
    assertError(http.as(key).get(ITEMS), 401);
    assertError(http.get(ITEMS), 401);
    assertError(http.get(DOWNLOAD + "?id=" + sharedAssets.get(0)), 401);
    assertError(http.get("/api/share/access/folder/" + shared + "/download"), 401);
    // an API key sent along with the access token: still refused
    assertError(
        http.send(http.request(ITEMS).header("Authorization", "Bearer " + token).GET().build()),
        401);
    // the access token in the query works for links
    assertThat(access(server, null, ITEMS + "?access_token=" + enc(token)).status()).isEqualTo(200);
    assertThat(get(ITEMS).status()).isEqualTo(200);
    // and it opens nothing of the owner's API
    for (String p :
        List.of(
            SHARES,
            SHARES + folderShare.get("id").asText(),
            "/api/store/asset/",
            "/api/store/asset/" + sharedAssets.get(0),
            "/api/store/asset/download?id=" + sharedAssets.get(0),
            "/api/store/folder/" + shared,
            "/api/store/folder/" + shared + "/download")) {
      assertError(get(p), 401);
    }
    Resp post =
        http.as(null)
            .send(
                http.as(null)
                    .request(SHARES)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"folder\":\"" + shared + "\"}"))
                    .build());
    assertError(post, 401);
  }

  @Test
  void tamperedTokensAre401() {
    String body = token.substring(4, token.indexOf('.'));
    String sig = token.substring(token.indexOf('.') + 1);
    char c = sig.charAt(5);
    String badSig =
        token.substring(0, token.indexOf('.') + 1 + 5) + (c == 'A' ? 'B' : 'A') + sig.substring(6);
    assertError(access(server, badSig, ITEMS), 401);
    // a payload naming another share/epoch, signature unchanged
    String payload =
        new String(java.util.Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8);
    String forged = payload.replace("\"e\":0", "\"e\":1");
    assertThat(forged).isNotEqualTo(payload);
    String forgedToken =
        "sat_"
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(forged.getBytes(StandardCharsets.UTF_8))
            + "."
            + sig;
    assertError(access(server, forgedToken, ITEMS), 401);
    assertError(access(server, token + "x", ITEMS), 401);
    assertError(access(server, "sat_garbage", ITEMS), 401);
    assertError(access(server, folderShare.get("token").asText(), ITEMS), 401);
    assertThat(get(ITEMS).status()).isEqualTo(200);
  }

  @Test
  void itemsListFoldersThenAssetsOverAllPages() {
    Resp r = get(ITEMS + "?limit=2");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.json().get("collection_total").asInt()).isEqualTo(8);
    List<JsonNode> all = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Resp p = get(ITEMS + "?limit=2" + (cursor == null ? "" : "&cursor=" + enc(cursor)));
      assertThat(p.status()).as(p.text()).isEqualTo(200);
      JsonNode page = p.json();
      assertThat(page.get("items").size()).isLessThanOrEqualTo(2);
      page.get("items").forEach(all::add);
      cursor = page.get("next_page").asBoolean() ? page.get("next_cursor").asText() : null;
      pages++;
    } while (cursor != null && pages < 20);
    List<String> names = new ArrayList<>();
    all.forEach(i -> names.add(i.get("type").asText() + ":" + i.get("name").asText()));
    assertThat(names)
        .containsExactly(
            "folder:a-sub",
            "folder:b-sub",
            "folder:c-sub",
            "asset:a.txt",
            "asset:b.txt",
            "asset:c.txt",
            "asset:d.txt",
            "asset:e.txt");
    // one big page gives the same
    assertThat(ids(get(ITEMS + "?limit=250").json().get("items")))
        .containsExactlyElementsOf(ids(Http.JSON.valueToTree(all)));
    // public views: nothing above the shared folder, no creator
    for (JsonNode i : all) {
      assertThat(i.has("created_by")).isFalse();
      assertThat(i.has("metadata")).isFalse();
      assertThat(i.get("path").asText()).startsWith("/Shared/");
      assertThat(i.toString()).doesNotContain("/Top").doesNotContain(top);
    }
    JsonNode aTxt = all.get(3);
    assertThat(aTxt.get("path").asText()).isEqualTo("/Shared/a.txt");
    assertThat(aTxt.get("folder").asText()).isEqualTo(shared);
    assertThat(all.get(0).get("parent").asText()).isEqualTo(shared);
    // a cursor of another folder or a garbage cursor: 422
    assertInvalid(get(ITEMS + "?cursor=garbage"), "query", "cursor");
    assertInvalid(get(ITEMS + "?limit=0"), "query", "limit");
  }

  @Test
  void itemsOfASubfolderAndNothingOutside() {
    Resp r = get(ITEMS + "?folder=" + sub1);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    JsonNode items = r.json().get("items");
    assertThat(ids(items)).containsExactly(deep.get("id").asText());
    assertThat(items.get(0).get("path").asText()).isEqualTo("/Shared/b-sub/deep.txt");
    assertThat(get(ITEMS + "?folder=" + shared).json().get("collection_total").asInt())
        .isEqualTo(8);
    assertThat(get(ITEMS + "?folder=" + sub2).json().get("items")).isEmpty();
    String missingDetail = assertError(get(ITEMS + "?folder=" + MISSING), 404).asText();
    for (String outside : List.of(top, sibling, lookalike, "not-an-id")) {
      Resp o = get(ITEMS + "?folder=" + outside);
      assertThat(assertError(o, 404).asText()).as(outside).isEqualTo(missingDetail);
    }
  }

  @Test
  void downloadsInsideTheShareWithHttpSemantics() {
    String id = sharedAssets.get(2); // a.txt
    Resp r = get(DOWNLOAD + "?id=" + id);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("content of a.txt");
    String etag = r.header("ETag");
    assertThat(etag).startsWith("\"");
    assertThat(r.header("Accept-Ranges")).isEqualTo("bytes");
    assertThat(r.header("Content-Disposition")).contains("a.txt");
    Resp part = get(DOWNLOAD + "?id=" + id, "Range", "bytes=0-6");
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.text()).isEqualTo("content");
    assertThat(part.header("Content-Range")).isEqualTo("bytes 0-6/16");
    assertThat(get(DOWNLOAD + "?id=" + id, "Range", "bytes=100-").status()).isEqualTo(416);
    Resp nm = get(DOWNLOAD + "?id=" + id, "If-None-Match", etag);
    assertThat(nm.status()).isEqualTo(304);
    assertThat(nm.body()).isEmpty();
    Resp head = accessHead(server, token, DOWNLOAD + "?id=" + id);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo("16");
    // by query token too
    assertThat(access(server, null, DOWNLOAD + "?id=" + id + "&access_token=" + enc(token)).text())
        .isEqualTo("content of a.txt");
    // several: a zip, deep ones included
    Resp z = get(DOWNLOAD + "?id=" + sharedAssets.get(0) + "&id=" + deep.get("id").asText());
    assertThat(z.status()).as(z.text()).isEqualTo(200);
    assertThat(z.header("Content-Type")).isEqualTo("application/zip");
    Map<String, byte[]> entries = unzip(z.body());
    assertThat(entries.keySet()).containsExactlyInAnyOrder("e.txt", "deep.txt");
    assertThat(new String(entries.get("deep.txt"), StandardCharsets.UTF_8))
        .isEqualTo("deep content");
  }

  @Test
  void anythingOutsideIsA404LikeAMissingId() {
    String missingDetail = assertError(get(DOWNLOAD + "?id=" + MISSING), 404).asText();
    for (JsonNode a : List.of(sibAsset, lookalikeAsset, elsewhere)) {
      String aid = a.get("id").asText();
      assertThat(assertError(get(DOWNLOAD + "?id=" + aid), 404).asText()).isEqualTo(missingDetail);
      // mixed with an inside id: still 404, nothing streamed
      assertThat(
              assertError(get(DOWNLOAD + "?id=" + sharedAssets.get(0) + "&id=" + aid), 404)
                  .asText())
          .isEqualTo(missingDetail);
      assertThat(accessHead(server, token, DOWNLOAD + "?id=" + aid).status()).isEqualTo(404);
    }
    assertThat(assertError(get(DOWNLOAD + "?id=garbage"), 404).asText()).isEqualTo(missingDetail);
    // folder downloads
    String fd = "/api/share/access/folder/";
    String missingFolder = assertError(get(fd + MISSING + "/download"), 404).asText();
    for (String f : List.of(top, sibling, lookalike, "garbage")) {
      assertThat(assertError(get(fd + f + "/download"), 404).asText()).isEqualTo(missingFolder);
    }
    // an asset share reads its asset and nothing else
    JsonNode as = create(http, "asset", sharedAssets.get(1));
    String at = accessToken(server, "token", as.get("token").asText());
    assertThat(access(server, at, DOWNLOAD + "?id=" + sharedAssets.get(1)).text())
        .isEqualTo("content of c.txt");
    String atMissing = assertError(access(server, at, DOWNLOAD + "?id=" + MISSING), 404).asText();
    for (String other : List.of(sharedAssets.get(0), deep.get("id").asText())) {
      assertThat(assertError(access(server, at, DOWNLOAD + "?id=" + other), 404).asText())
          .isEqualTo(atMissing);
    }
    assertError(access(server, at, fd + shared + "/download"), 404);
    assertError(access(server, at, ITEMS + "?folder=" + shared), 404);
  }

  @Test
  void folderDownloadsInsideTheShare() {
    Resp z = get("/api/share/access/folder/" + sub1 + "/download");
    assertThat(z.status()).as(z.text()).isEqualTo(200);
    assertThat(z.header("Content-Type")).isEqualTo("application/zip");
    Map<String, byte[]> e = unzip(z.body());
    assertThat(e).containsKey("b-sub/deep.txt");
    assertThat(new String(e.get("b-sub/deep.txt"), StandardCharsets.UTF_8))
        .isEqualTo("deep content");
    Resp whole = get("/api/share/access/folder/" + shared + "/download");
    assertThat(whole.status()).isEqualTo(200);
    Map<String, byte[]> w = unzip(whole.body());
    assertThat(w.keySet()).contains("Shared/a.txt", "Shared/b-sub/deep.txt");
    assertThat(w.keySet()).noneMatch(n -> n.contains("Top") || n.contains("sib"));
  }

  @Test
  void tokensDieWithTheShareOrAPasswordOrRecipientChange() {
    JsonNode s = create(http, "folder", shared, "password", "first-password");
    String id = s.get("id").asText();
    String t = s.get("token").asText();
    String a1 = accessToken(server, "token", t, "password", "first-password");
    // harmless changes keep it alive
    assertThat(http.json("PATCH", SHARES + id, body("name", "renamed")).status()).isEqualTo(200);
    assertThat(access(server, a1, ITEMS).status()).isEqualTo(200);
    // password change: 401 for the old token; a new one works
    assertThat(http.json("PATCH", SHARES + id, body("password", "second-password")).status())
        .isEqualTo(200);
    assertError(access(server, a1, ITEMS), 401);
    assertError(redeem(server, "token", t, "password", "first-password"), 401);
    String a2 = accessToken(server, "token", t, "password", "second-password");
    assertThat(access(server, a2, ITEMS).status()).isEqualTo(200);
    // clearing the password is a change too
    assertThat(http.json("PATCH", SHARES + id, "{\"password\":null}").status()).isEqualTo(200);
    assertError(access(server, a2, ITEMS), 401);

    // recipients: removing one kills the tokens
    JsonNode r = create(http, "folder", shared, "recipients", List.of("a@x.io", "b@x.io"));
    String rid = r.get("id").asText();
    String ra = accessToken(server, "token", r.get("token").asText(), "email", "b@x.io");
    assertThat(access(server, ra, ITEMS).status()).isEqualTo(200);
    assertThat(http.json("PATCH", SHARES + rid, body("recipients", List.of("a@x.io"))).status())
        .isEqualTo(200);
    assertError(access(server, ra, ITEMS), 401);
    assertError(redeem(server, "token", r.get("token").asText(), "email", "b@x.io"), 403);
    // PUT that drops the recipients entirely (opens the link) still changes them
    String rb = accessToken(server, "token", r.get("token").asText(), "email", "a@x.io");
    assertThat(http.json("PUT", SHARES + rid, body("name", "open now")).status()).isEqualTo(200);
    assertError(access(server, rb, ITEMS), 401);

    // delete: 401 at once
    JsonNode d = create(http, "asset", sharedAssets.get(0));
    String da = accessToken(server, "token", d.get("token").asText());
    assertThat(access(server, da, DOWNLOAD + "?id=" + sharedAssets.get(0)).status()).isEqualTo(200);
    assertThat(http.delete(SHARES + d.get("id").asText()).status()).isEqualTo(204);
    assertError(access(server, da, DOWNLOAD + "?id=" + sharedAssets.get(0)), 401);
    assertError(access(server, da, ITEMS), 401);
  }
}
