package dev.assetstore.http.shares;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.StrictZip;
import dev.assetstore.support.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Shared helpers for the Shares API tests (API.md §8). */
final class ShareChecks {
  static final String SHARES = "/api/share/";
  static final String GET_ACCESS = "/api/share/get_access";
  static final String ITEMS = "/api/share/access/items";
  static final String DOWNLOAD = "/api/share/access/download";

  private ShareChecks() {}

  /** The error contract of API.md §3. */
  static JsonNode assertError(Resp r, int status) {
    assertThat(r.status()).as("status of %s", r.text()).isEqualTo(status);
    assertThat(r.text()).doesNotContain("at dev.assetstore").doesNotContain("Exception");
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode body = r.json();
    assertThat(body.has("detail")).as("detail in %s", r.text()).isTrue();
    if (status == 422) {
      assertThat(body.get("detail").isArray()).as("422 detail is a list: %s", r.text()).isTrue();
      assertThat(body.get("detail").size()).isPositive();
    } else {
      assertThat(body.get("detail").isTextual()).as("detail is a string: %s", r.text()).isTrue();
    }
    return body.get("detail");
  }

  /** A 422 with a problem whose location starts with these elements. */
  static void assertInvalid(Resp r, Object... prefix) {
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

  static JsonNode upload(Http http, String folder, String name, byte[] bytes) {
    Resp r = http.upload(folder == null ? "" : "?folder=" + folder, name, bytes, Map.of());
    assertThat(r.status()).as("upload: %s", r.text()).isEqualTo(201);
    return r.json();
  }

  static JsonNode upload(Http http, String folder, String name, String text) {
    return upload(http, folder, name, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Body map builder: key, value, key, value… */
  static Map<String, Object> body(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** Creates a share (as the admin) and returns the ShareReadCreate. */
  static JsonNode create(Http http, Object... kv) {
    Resp r = http.json("POST", SHARES, body(kv));
    assertThat(r.status()).as("create share: %s", r.text()).isEqualTo(201);
    return r.json();
  }

  static JsonNode get(Http http, String shareId) {
    Resp r = http.get(SHARES + shareId);
    assertThat(r.status()).as("get share: %s", r.text()).isEqualTo(200);
    return r.json();
  }

  static JsonNode stats(Http http, String shareId) {
    return get(http, shareId).get("statistics");
  }

  /**
   * Waits (at most 3 s) until the share's {@code downloads} reaches {@code n}: a completed transfer
   * is counted just after its last byte was written, so the client may see the bytes first.
   */
  static JsonNode awaitDownloads(Http http, String shareId, long n) {
    long end = System.currentTimeMillis() + 3000;
    JsonNode st = stats(http, shareId);
    while (st.get("downloads").asLong() < n && System.currentTimeMillis() < end) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      st = stats(http, shareId);
    }
    return st;
  }

  /**
   * Recipients' transfers the server has finished with (verdict recorded: counted, or the slot
   * released), from {@code /metrics}.
   */
  static long transfersDone(TestServer server) {
    Resp r = server.http.as(null).get("/metrics");
    assertThat(r.status()).isEqualTo(200);
    long n = 0;
    for (String line : r.text().split("\n")) {
      if (line.startsWith("asset_store_share_transfers_total{")) {
        n += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return n;
  }

  /**
   * Waits (at most 5 s) until the server has finished with {@code n} transfers in all, so that a
   * check that something was NOT counted runs after the server decided, not after a guess.
   */
  static void awaitTransfersDone(TestServer server, long n) {
    long end = System.currentTimeMillis() + 5000;
    while (transfersDone(server) < n && System.currentTimeMillis() < end) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    assertThat(transfersDone(server)).as("transfers the server finished with").isEqualTo(n);
  }

  static Resp redeem(TestServer server, Object... kv) {
    return server.http.as(null).json("POST", GET_ACCESS, body(kv));
  }

  /** Redeems and returns the access token (asserting 200). */
  static String accessToken(TestServer server, Object... kv) {
    Resp r = redeem(server, kv);
    assertThat(r.status()).as("get_access: %s", r.text()).isEqualTo(200);
    return r.json().get("access_token").asText();
  }

  /** GET with the share access token as a Bearer token and no other credentials. */
  static Resp access(TestServer server, String token, String path, String... headers) {
    HttpRequest.Builder b = server.http.as(null).request(path).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return server.http.as(null).send(b.build());
  }

  static Resp accessHead(TestServer server, String token, String path) {
    HttpRequest.Builder b =
        server
            .http
            .as(null)
            .request(path)
            .method("HEAD", BodyPublishers.noBody())
            .header("Authorization", "Bearer " + token);
    return server.http.as(null).send(b.build());
  }

  /** RFC 3339 a number of seconds from now. */
  static String inSeconds(long s) {
    return Instant.now().plus(s, ChronoUnit.SECONDS).truncatedTo(ChronoUnit.MICROS).toString();
  }

  /** The entries of a ZIP: name → bytes (directories map to empty arrays). */
  static Map<String, byte[]> unzip(byte[] zip) {
    StrictZip.check(zip);
    Map<String, byte[]> out = new TreeMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        out.put(e.getName(), in.readAllBytes());
      }
    } catch (IOException e) {
      throw new AssertionError("not a zip", e);
    }
    return out;
  }

  static List<String> ids(JsonNode items) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(i.get("id").asText()));
    return out;
  }

  static String enc(String s) {
    return Http.enc(s);
  }
}
