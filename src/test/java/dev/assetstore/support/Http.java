package dev.assetstore.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A small HTTP client for tests: JSON helpers, multipart uploads, credential switching. */
public final class Http {
  public static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client;
  public final String base;
  private final String key;

  public Http(String base, String key) {
    this(base, key, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
  }

  private Http(String base, String key, HttpClient client) {
    this.base = base;
    this.key = key;
    this.client = client;
  }

  /** The same credentials over a client that speaks HTTP/1.1 only (no h2c upgrade). */
  public Http http11() {
    return new Http(
        base,
        key,
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build());
  }

  /** The same client authenticating with another key (null: no credentials). */
  public Http as(String otherKey) {
    return new Http(base, otherKey, client);
  }

  /** A response with its body as bytes. */
  public record Resp(int status, java.net.http.HttpHeaders headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + text(), e);
      }
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
    if (key != null) {
      b.header("X-API-Key", key);
    }
    return b;
  }

  public Resp send(HttpRequest req) {
    try {
      HttpResponse<byte[]> r = client.send(req, BodyHandlers.ofByteArray());
      return new Resp(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Resp get(String path, String... headers) {
    HttpRequest.Builder b = request(path).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  public Resp head(String path) {
    return send(request(path).method("HEAD", BodyPublishers.noBody()).build());
  }

  public Resp delete(String path) {
    return send(request(path).DELETE().build());
  }

  public Resp json(String method, String path, Object body) {
    String s;
    try {
      s = body instanceof String str ? str : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .method(method, BodyPublishers.ofString(s))
            .build());
  }

  /** Uploads bytes as the {@code file} part, with optional extra form fields. */
  public Resp upload(String query, String filename, byte[] bytes, Map<String, String> fields) {
    return upload(
        query,
        filename,
        "application/octet-stream",
        BodyPublishers.ofByteArray(bytes),
        fields,
        Map.of());
  }

  public Resp upload(String filename, byte[] bytes) {
    return upload("", filename, bytes, Map.of());
  }

  public Resp upload(
      String query,
      String filename,
      String partType,
      BodyPublisher file,
      Map<String, String> fields,
      Map<String, String> headers) {
    String boundary = "----asset-store-test-" + UUID.randomUUID();
    StringBuilder head = new StringBuilder();
    for (var e : fields.entrySet()) {
      head.append("--")
          .append(boundary)
          .append("\r\n")
          .append("Content-Disposition: form-data; name=\"")
          .append(e.getKey())
          .append("\"\r\n\r\n")
          .append(e.getValue())
          .append("\r\n");
    }
    head.append("--")
        .append(boundary)
        .append("\r\n")
        .append("Content-Disposition: form-data; name=\"file\"; filename=\"")
        .append(filename)
        .append("\"\r\n");
    if (partType != null) {
      head.append("Content-Type: ").append(partType).append("\r\n");
    }
    head.append("\r\n");
    String tail = "\r\n--" + boundary + "--\r\n";
    BodyPublisher body =
        BodyPublishers.concat(
            BodyPublishers.ofString(head.toString(), StandardCharsets.UTF_8),
            file,
            BodyPublishers.ofString(tail));
    HttpRequest.Builder b =
        request("/api/store/asset/upload" + query)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(body);
    headers.forEach(b::header);
    return send(b.build());
  }

  public Resp uploadFile(String query, String filename, Path file) {
    try {
      return upload(
          query,
          filename,
          "application/octet-stream",
          BodyPublishers.ofFile(file),
          Map.of(),
          Map.of());
    } catch (java.io.FileNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates an API key with these scopes and returns the raw key. */
  public String createKey(String... scopes) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("label", "test " + String.join(",", scopes));
    body.put("scopes", List.of(scopes));
    Resp r = json("POST", "/api/admin/api-keys/", body);
    if (r.status() != 201) {
      throw new AssertionError("key creation failed: " + r.status() + " " + r.text());
    }
    return r.json().get("key").asText();
  }

  /** Walks every page of a list with the upstream loop and returns all items. */
  public List<JsonNode> walk(String path) {
    List<JsonNode> all = new ArrayList<>();
    String cursor = null;
    String sep = path.contains("?") ? "&" : "?";
    do {
      String url = cursor == null ? path : path + sep + "cursor=" + enc(cursor);
      Resp r = get(url);
      if (r.status() != 200) {
        throw new AssertionError(url + " -> " + r.status() + " " + r.text());
      }
      JsonNode page = r.json();
      page.get("items").forEach(all::add);
      cursor = page.get("next_page").asBoolean() ? page.get("next_cursor").asText() : null;
    } while (cursor != null);
    return all;
  }

  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
