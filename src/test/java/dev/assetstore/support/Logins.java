package dev.assetstore.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http.Resp;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Test helpers for users, the login form, the refresh cookie and bearer tokens. */
public final class Logins {
  public static final String COOKIE = "slaunch_refresh_cookie";

  private Logins() {}

  /** Creates a user through the admin API and returns its id. */
  public static String createUser(Http admin, String username, String password, String... scopes) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("username", username);
    body.put("password", password);
    body.put("scopes", List.of(scopes));
    Resp r = admin.json("POST", "/api/admin/users/", body);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.json().get("id").asText();
  }

  public static String form(String... kv) {
    StringJoiner j = new StringJoiner("&");
    for (int i = 0; i < kv.length; i += 2) {
      j.add(
          URLEncoder.encode(kv[i], StandardCharsets.UTF_8)
              + "="
              + URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
    }
    return j.toString();
  }

  /** POSTs a urlencoded form to the login endpoint (no credentials on the request). */
  public static Resp login(Http http, String... kv) {
    Http anon = http.as(null);
    return anon.send(
        anon.request("/api/login/access-token")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString(form(kv)))
            .build());
  }

  /** Logs in and returns the access token (asserting 200). */
  public static Session session(Http http, String username, String password) {
    Resp r = login(http, "username", username, "password", password);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return Session.of(r);
  }

  /** An access token and the refresh cookie's value from one login or refresh response. */
  public record Session(String accessToken, String refreshToken, String setCookie) {
    public static Session of(Resp r) {
      String setCookie = r.header("Set-Cookie");
      return new Session(r.json().get("access_token").asText(), cookieValue(setCookie), setCookie);
    }
  }

  public static String cookieValue(String setCookie) {
    if (setCookie == null) {
      return null;
    }
    String first = setCookie.split(";", 2)[0];
    assertThat(first).startsWith(COOKIE + "=");
    return first.substring(COOKIE.length() + 1);
  }

  public static Resp refresh(Http http, String refreshToken) {
    Http anon = http.as(null);
    var b = anon.request("/api/login/refresh-token").POST(BodyPublishers.noBody());
    if (refreshToken != null) {
      b.header("Cookie", COOKIE + "=" + refreshToken);
    }
    return anon.send(b.build());
  }

  /** GET with {@code Authorization: Bearer}. */
  public static Resp bearerGet(Http http, String token, String path) {
    Http anon = http.as(null);
    return anon.send(anon.request(path).header("Authorization", "Bearer " + token).GET().build());
  }

  public static Resp bearer(Http http, String token, String method, String path, String json) {
    Http anon = http.as(null);
    return anon.send(
        anon.request(path)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json))
            .build());
  }
}
