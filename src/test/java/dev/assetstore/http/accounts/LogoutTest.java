package dev.assetstore.http.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.Logins;
import dev.assetstore.support.TestServer;
import java.net.http.HttpRequest.BodyPublishers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /api/login/logout}: the refresh session ends on the server and the cookie goes. */
class LogoutTest {
  static TestServer server;
  static Http http;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = server.http;
    Logins.createUser(http, "leaver", "leaver password 1", "store:read");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Http.Resp logout(String refreshToken) {
    Http anon = http.as(null);
    var b = anon.request("/api/login/logout").POST(BodyPublishers.noBody());
    if (refreshToken != null) {
      b.header("Cookie", Logins.COOKIE + "=" + refreshToken);
    }
    return anon.send(b.build());
  }

  @Test
  void logoutRevokesTheRefreshTokenAndItsDescendants() {
    Logins.Session first = Logins.session(http, "leaver", "leaver password 1");
    Http.Resp renewed = Logins.refresh(http, first.refreshToken());
    assertThat(renewed.status()).isEqualTo(200);
    Logins.Session second = Logins.Session.of(renewed);
    Logins.Session other = Logins.session(http, "leaver", "leaver password 1");

    Http.Resp out = logout(second.refreshToken());
    assertThat(out.status()).isEqualTo(204);
    assertThat(out.header("Cache-Control")).isEqualTo("no-store");
    assertThat(out.header("Set-Cookie")).startsWith(Logins.COOKIE + "=;").contains("Max-Age=0");
    assertThat(Logins.refresh(http, second.refreshToken()).status()).isEqualTo(401);
    // Another sign-in (another browser) is a different session and keeps working.
    assertThat(Logins.refresh(http, other.refreshToken()).status()).isEqualTo(200);
  }

  @Test
  void logoutWithoutOrWithAnUnknownCookieChangesNothing() {
    assertThat(logout(null).status()).isEqualTo(204);
    assertThat(logout("not-a-token").status()).isEqualTo(204);
    Logins.Session s = Logins.session(http, "leaver", "leaver password 1");
    assertThat(logout("someone-elses").status()).isEqualTo(204);
    assertThat(Logins.refresh(http, s.refreshToken()).status()).isEqualTo(200);
  }
}
