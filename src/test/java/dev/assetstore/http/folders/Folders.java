package dev.assetstore.http.folders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers shared by the folder tests: create folders and upload assets over HTTP. */
final class Folders {
  private Folders() {}

  static JsonNode create(Http http, String name, String parent) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    if (parent != null) {
      body.put("parent", parent);
    }
    Http.Resp r = http.json("POST", "/api/store/folder/", body);
    assertThat(r.status()).as("create %s: %s", name, r.text()).isEqualTo(201);
    return r.json();
  }

  static String createId(Http http, String name, String parent) {
    return create(http, name, parent).get("id").asText();
  }

  static JsonNode upload(Http http, String folder, String name, byte[] bytes) {
    Http.Resp r =
        http.upload(folder == null ? "" : "?folder=" + folder, name, bytes, Map.of("name", name));
    assertThat(r.status()).as("upload %s: %s", name, r.text()).isEqualTo(201);
    return r.json();
  }

  static JsonNode get(Http http, String path) {
    Http.Resp r = http.get(path);
    assertThat(r.status()).as("GET %s: %s", path, r.text()).isEqualTo(200);
    return r.json();
  }

  /** Percent-encodes every segment of a human path ("/a b/é" → "/a%20b/%C3%A9"). */
  static String encodePath(String path) {
    StringBuilder sb = new StringBuilder();
    for (String seg : path.substring(1).split("/", -1)) {
      sb.append('/').append(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return sb.toString();
  }

  /** The first validation problem's loc, e.g. "body.name". */
  static String loc(Http.Resp r) {
    assertThat(r.status()).as(r.text()).isEqualTo(422);
    JsonNode d = r.json().get("detail");
    assertThat(d.isArray()).as(r.text()).isTrue();
    StringBuilder sb = new StringBuilder();
    d.get(0).get("loc").forEach(n -> sb.append(sb.isEmpty() ? "" : ".").append(n.asText()));
    return sb.toString();
  }
}
