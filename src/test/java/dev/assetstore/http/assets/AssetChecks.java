package dev.assetstore.http.assets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Shared assertions and request builders for the Assets API tests. */
final class AssetChecks {
  static final String ASSETS = "/api/store/asset/";

  private AssetChecks() {}

  /** The error contract of API.md §3: JSON with a string {@code detail}, never a stack trace. */
  static JsonNode assertError(Resp r, int status) {
    assertThat(r.status()).as("status of %s", r.text()).isEqualTo(status);
    assertNoStackTrace(r);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode body = r.json();
    assertThat(body.has("detail")).as("detail in %s", r.text()).isTrue();
    if (status == 422) {
      assertThat(body.get("detail").isArray()).as("422 detail is a list: %s", r.text()).isTrue();
      assertThat(body.get("detail").size()).isPositive();
      for (JsonNode p : body.get("detail")) {
        assertThat(p.get("loc").isArray()).as("loc in %s", p).isTrue();
        assertThat(p.get("msg").isTextual()).as("msg in %s", p).isTrue();
        assertThat(p.get("type").isTextual()).as("type in %s", p).isTrue();
      }
    } else {
      assertThat(body.get("detail").isTextual()).as("detail is a string: %s", r.text()).isTrue();
      assertThat(body.get("detail").asText()).isNotBlank();
    }
    return body.get("detail");
  }

  /** A 422 naming exactly this location (among possibly others). */
  static void assertInvalid(Resp r, Object... loc) {
    JsonNode detail = assertError(r, 422);
    List<List<Object>> locs = new ArrayList<>();
    for (JsonNode p : detail) {
      List<Object> l = new ArrayList<>();
      p.get("loc").forEach(e -> l.add(e.isInt() ? (Object) e.intValue() : e.asText()));
      locs.add(l);
    }
    assertThat(locs).as("locations in %s", r.text()).contains(List.of(loc));
  }

  /** A 422 with a problem whose location starts with these elements. */
  static void assertInvalidUnder(Resp r, Object... prefix) {
    JsonNode detail = assertError(r, 422);
    boolean found = false;
    for (JsonNode p : detail) {
      JsonNode l = p.get("loc");
      boolean match = l.size() >= prefix.length;
      for (int i = 0; match && i < prefix.length; i++) {
        match = l.get(i).asText().equals(String.valueOf(prefix[i]));
      }
      found |= match;
    }
    assertThat(found).as("a problem under %s in %s", List.of(prefix), r.text()).isTrue();
  }

  static void assertNoStackTrace(Resp r) {
    String t = r.text();
    assertThat(t).doesNotContain("at dev.assetstore").doesNotContain("Exception");
  }

  static JsonNode uploaded(Resp r) {
    assertThat(r.status()).as("upload: %s", r.text()).isEqualTo(201);
    return r.json();
  }

  static JsonNode upload(Http http, String name, byte[] bytes) {
    return uploaded(http.upload(name, bytes));
  }

  static JsonNode upload(Http http, String name, String text) {
    return upload(http, name, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The number of assets the list reports. */
  static long total(Http http) {
    Resp r = http.get(ASSETS + "?limit=1");
    assertThat(r.status()).isEqualTo(200);
    return r.json().get("collection_total").asLong();
  }

  static String sha256Hex(byte[] b) {
    return HexFormat.of().formatHex(sha256(b));
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String digestField(byte[] content) {
    return "sha-256=:" + Base64.getEncoder().encodeToString(sha256(content)) + ":";
  }

  /** One part of a hand-built multipart body. */
  record Part(String name, String filename, String type, byte[] content) {
    static Part field(String name, String value) {
      return new Part(name, null, null, value.getBytes(StandardCharsets.UTF_8));
    }

    static Part file(String filename, String type, byte[] content) {
      return new Part("file", filename, type, content);
    }
  }

  /** A multipart body exactly as it will go on the wire, and its boundary. */
  record Multipart(String boundary, byte[] body) {
    static Multipart of(Part... parts) {
      String boundary = "----asset-test-" + UUID.randomUUID();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (Part p : parts) {
        StringBuilder h = new StringBuilder();
        h.append("--").append(boundary).append("\r\n");
        h.append("Content-Disposition: form-data; name=\"").append(p.name()).append('"');
        if (p.filename() != null) {
          h.append("; filename=\"").append(p.filename()).append('"');
        }
        h.append("\r\n");
        if (p.type() != null) {
          h.append("Content-Type: ").append(p.type()).append("\r\n");
        }
        h.append("\r\n");
        out.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(p.content());
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
      }
      out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
      return new Multipart(boundary, out.toByteArray());
    }

    String contentType() {
      return "multipart/form-data; boundary=" + boundary;
    }
  }

  static Resp post(Http http, String query, Multipart m, Map<String, String> headers) {
    HttpRequest.Builder b =
        http.request(ASSETS + "upload" + query)
            .header("Content-Type", m.contentType())
            .POST(BodyPublishers.ofByteArray(m.body()));
    headers.forEach(b::header);
    return http.send(b.build());
  }
}
