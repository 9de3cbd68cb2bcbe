package dev.assetstore.http.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.Logins;
import dev.assetstore.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real records for the fuzzer to aim at, so requests reach the code behind the lookups: ids of
 * every kind, real cursors to mangle, share tokens, a narrower key, a share access token and each
 * list's filter table. Records the fuzzer may delete ("victims") are kept apart from the ones its
 * credentials depend on.
 */
final class Fixtures {
  /** Ids by kind (asset, folder, share, apikey, user): targets for any method. */
  final Map<String, List<String>> ids = new LinkedHashMap<>();

  /** Ids by kind that DELETE may take (the credentials never depend on them). */
  final Map<String, List<String>> victims = new LinkedHashMap<>();

  /** The folder shared for the access token, and a folder inside it. */
  final List<String> accessFolders = new ArrayList<>();

  final List<String> shareTokens = new ArrayList<>();
  final Map<String, String> cursors = new LinkedHashMap<>();
  final Map<String, JsonNode> filterTables = new LinkedHashMap<>();
  final List<String> userNames = new ArrayList<>();
  String limitedKey;
  String accessToken;

  static Fixtures create(TestServer server, ApiSpec spec) {
    Fixtures f = new Fixtures();
    Http http = server.http;
    for (String kind : List.of("asset", "folder", "share", "apikey", "user")) {
      f.ids.put(kind, new ArrayList<>());
      f.victims.put(kind, new ArrayList<>());
    }
    String shared = server.createFolder("shared", null);
    f.accessFolders.add(shared);
    f.accessFolders.add(server.createFolder("inner", shared));
    upload(http, shared, "inside.txt");
    // Real images, so preview requests (issue 17) get past the decoder and render.
    f.ids.put("asset", new ArrayList<>(List.of(png(http, shared, "inside.png"))));

    for (int i = 0; i < 3; i++) {
      String folder = server.createFolder("folder-" + i, null);
      f.ids.get("folder").add(folder);
      f.ids.get("folder").add(server.createFolder("child-" + i, folder));
      f.ids.get("asset").add(upload(http, folder, "file-" + i + ".txt"));
      f.ids.get("asset").add(upload(http, null, "root-" + i + ".png"));
      f.victims.get("folder").add(server.createFolder("victim-" + i, null));
      f.victims.get("asset").add(upload(http, null, "victim-" + i + ".bin"));
    }
    for (int i = 0; i < 3; i++) {
      f.ids.get("share").add(share(f, http, "asset", f.ids.get("asset").get(i)));
      f.ids.get("share").add(share(f, http, "folder", f.ids.get("folder").get(i)));
      f.victims.get("share").add(share(f, http, "asset", f.victims.get("asset").get(i)));
    }
    JsonNode accessShare = post(http, "/api/share/", Map.of("folder", shared));
    f.shareTokens.add(accessShare.get("token").asText());
    f.accessToken =
        post(http.as(null), "/api/share/get_access", Map.of("token", f.shareTokens.getLast()))
            .get("access_token")
            .asText();

    f.limitedKey = http.createKey("store:read");
    for (int i = 0; i < 3; i++) {
      f.ids.get("apikey").add(key(http, "fuzz-key-" + i));
      f.victims.get("apikey").add(key(http, "victim-key-" + i));
      String name = "fuzz-user-" + i;
      f.userNames.add(name);
      f.ids.get("user").add(Logins.createUser(http, name, "a fuzz password " + i, "store:read"));
      f.victims
          .get("user")
          .add(Logins.createUser(http, "victim-" + i, "victim password", "store:read"));
    }

    for (ApiSpec.Operation op : spec.operations) {
      if (!op.isList()) {
        continue;
      }
      String base = op.template();
      Resp filters = http.get(base + "filters");
      if (filters.status() == 200) {
        f.filterTables.put(base, filters.json().get("filters"));
      }
      Resp page = http.get(base + "?limit=1");
      if (page.status() == 200 && page.json().path("next_page").asBoolean()) {
        f.cursors.put(base, page.json().get("next_cursor").asText());
      }
    }
    return f;
  }

  private static String png(Http http, String folder, String name) {
    var out = new java.io.ByteArrayOutputStream();
    try {
      javax.imageio.ImageIO.write(
          new java.awt.image.BufferedImage(60, 40, java.awt.image.BufferedImage.TYPE_INT_ARGB),
          "png",
          out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Resp r =
        http.upload(folder == null ? "" : "?folder=" + folder, name, out.toByteArray(), Map.of());
    if (r.status() != 201) {
      throw new AssertionError("fixture upload: " + r.status() + " " + r.text());
    }
    return r.json().get("id").asText();
  }

  private static String upload(Http http, String folder, String name) {
    Resp r =
        http.upload(
            folder == null ? "" : "?folder=" + folder,
            name,
            ("fuzz fixture " + name).getBytes(StandardCharsets.UTF_8),
            Map.of("tags", "[\"fuzz\",\"fixture\"]", "metadata", "{\"n\":1}"));
    if (r.status() != 201) {
      throw new AssertionError("fixture upload: " + r.status() + " " + r.text());
    }
    return r.json().get("id").asText();
  }

  private static String share(Fixtures f, Http http, String field, String target) {
    JsonNode s = post(http, "/api/share/", Map.of(field, target, "name", "fuzz share"));
    f.shareTokens.add(s.get("token").asText());
    return s.get("id").asText();
  }

  private static String key(Http http, String label) {
    return post(
            http, "/api/admin/api-keys/", Map.of("label", label, "scopes", List.of("store:read")))
        .get("id")
        .asText();
  }

  private static JsonNode post(Http http, String path, Object body) {
    Resp r = http.json("POST", path, body);
    if (r.status() != 201 && r.status() != 200) {
      throw new AssertionError("fixture " + path + ": " + r.status() + " " + r.text());
    }
    return r.json();
  }

  /** Every fixture id of every kind (for "an id of the wrong kind"). */
  List<String> allIds() {
    List<String> all = new ArrayList<>();
    ids.values().forEach(all::addAll);
    victims.values().forEach(all::addAll);
    all.addAll(accessFolders);
    return all;
  }
}
