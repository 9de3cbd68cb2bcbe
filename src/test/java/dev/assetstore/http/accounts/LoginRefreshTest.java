package dev.assetstore.http.accounts;

import static dev.assetstore.support.Logins.bearerGet;
import static dev.assetstore.support.Logins.createUser;
import static dev.assetstore.support.Logins.refresh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assetstore.support.Http;
import dev.assetstore.support.Http.Resp;
import dev.assetstore.support.Logins;
import dev.assetstore.support.Logins.Session;
import dev.assetstore.support.ShiftClock;
import dev.assetstore.support.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /api/login/refresh-token}: rotation, reuse detection, and when sessions end. */
class LoginRefreshTest {
  static final ShiftClock clock = new ShiftClock();
  static TestServer server;
  static Http admin;

  @BeforeAll
  static void start() {
    server = TestServer.start(Map.of(), clock);
    admin = server.http.http11();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  static String name() {
    return "r-" + UUID.randomUUID();
  }

  static void assertRefused(Resp r) {
    assertThat(r.status()).as(r.text()).isEqualTo(401);
    assertThat(r.json().get("detail").isTextual()).isTrue();
    assertThat(r.header("WWW-Authenticate")).isNotBlank();
  }

  @Test
  void refreshRotatesTheCookieAndGivesAWorkingToken() {
    String u = name();
    createUser(admin, u, "refresh pw", "store:read");
    Session s = Logins.session(admin, u, "refresh pw");
    Resp r = refresh(admin, s.refreshToken());
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    Session next = Session.of(r);
    assertThat(r.json().get("token_type").asText()).isEqualTo("bearer");
    assertThat(next.refreshToken()).isNotEqualTo(s.refreshToken());
    assertThat(next.setCookie()).containsIgnoringCase("HttpOnly").contains("SameSite=Strict");
    assertThat(next.setCookie()).contains("Path=/api/login");
    assertThat(bearerGet(admin, next.accessToken(), "/api/store/asset/").status()).isEqualTo(200);
    // and again with the new one
    Resp again = refresh(admin, next.refreshToken());
    assertThat(again.status()).isEqualTo(200);
  }

  @Test
  void reusingASpentTokenRevokesTheWholeFamily() {
    String u = name();
    createUser(admin, u, "reuse pw!", "store:read");
    Session first = Logins.session(admin, u, "reuse pw!");
    Session second = Session.of(refresh(admin, first.refreshToken()));
    // the old token comes back (stolen copy): refused, and the family dies
    Resp reuse = refresh(admin, first.refreshToken());
    assertRefused(reuse);
    assertThat(reuse.header("Set-Cookie")).contains("Max-Age=0");
    // the legitimate holder's newer token is revoked too
    assertRefused(refresh(admin, second.refreshToken()));
    // a separate login (another family) is unaffected
    Session other = Logins.session(admin, u, "reuse pw!");
    assertThat(refresh(admin, other.refreshToken()).status()).isEqualTo(200);
  }

  @Test
  void missingOrUnknownCookieIs401() {
    assertRefused(refresh(admin, null));
    assertRefused(refresh(admin, "nonsense"));
  }

  @Test
  void scopeNarrowingSurvivesRefresh() throws Exception {
    String u = name();
    createUser(admin, u, "narrow pw", "store:read", "store:write");
    Resp r = Logins.login(admin, "username", u, "password", "narrow pw", "scope", "store:read");
    Session s = Session.of(r);
    Session next = Session.of(refresh(admin, s.refreshToken()));
    assertThat(LoginTest.claims(next.accessToken()).get("scope").asText()).isEqualTo("store:read");
  }

  @Test
  void expiredAccessTokenCanBeRefreshedUntilTheFamilyExpires() {
    String u = name();
    createUser(admin, u, "long pw 1", "store:read");
    Session s = Logins.session(admin, u, "long pw 1");
    clock.advance(Duration.ofMinutes(16));
    assertThat(bearerGet(admin, s.accessToken(), "/api/store/asset/").status()).isEqualTo(401);
    Session next = Session.of(refresh(admin, s.refreshToken()));
    assertThat(bearerGet(admin, next.accessToken(), "/api/store/asset/").status()).isEqualTo(200);
    clock.advance(Duration.ofDays(30));
    assertRefused(refresh(admin, next.refreshToken()));
  }

  @Test
  void disablingAUserStopsTokensAndRefreshAtOnce() {
    String u = name();
    String id = createUser(admin, u, "disable me", "store:read");
    Session s = Logins.session(admin, u, "disable me");
    assertThat(bearerGet(admin, s.accessToken(), "/api/store/asset/").status()).isEqualTo(200);
    Resp patch = admin.json("PATCH", "/api/admin/users/" + id, Map.of("disabled", true));
    assertThat(patch.status()).as(patch.text()).isEqualTo(200);
    assertThat(patch.json().get("disabled").asBoolean()).isTrue();
    assertThat(bearerGet(admin, s.accessToken(), "/api/store/asset/").status()).isEqualTo(401);
    assertRefused(refresh(admin, s.refreshToken()));
    // re-enabling does not bring the old session back (its refresh tokens were revoked)
    admin.json("PATCH", "/api/admin/users/" + id, Map.of("disabled", false));
    assertRefused(refresh(admin, s.refreshToken()));
    assertThat(Logins.login(admin, "username", u, "password", "disable me").status())
        .isEqualTo(200);
  }

  @Test
  void deletingAUserStopsTokensAndRefreshAtOnce() {
    String u = name();
    String id = createUser(admin, u, "delete me", "store:read");
    Session s = Logins.session(admin, u, "delete me");
    assertThat(bearerGet(admin, s.accessToken(), "/api/store/asset/").status()).isEqualTo(200);
    assertThat(admin.delete("/api/admin/users/" + id).status()).isEqualTo(204);
    assertThat(bearerGet(admin, s.accessToken(), "/api/store/asset/").status()).isEqualTo(401);
    assertRefused(refresh(admin, s.refreshToken()));
    assertThat(Logins.login(admin, "username", u, "password", "delete me").status()).isEqualTo(401);
  }

  @Test
  void newPasswordEndsOldSessionsButNotTheAccessTokenOfTheRequest() {
    String u = name();
    String id = createUser(admin, u, "first pw", "store:read");
    Session s = Logins.session(admin, u, "first pw");
    Resp p = admin.json("PATCH", "/api/admin/users/" + id, Map.of("password", "second pw"));
    assertThat(p.status()).isEqualTo(200);
    assertRefused(refresh(admin, s.refreshToken()));
    assertThat(Logins.login(admin, "username", u, "password", "first pw").status()).isEqualTo(401);
    assertThat(Logins.login(admin, "username", u, "password", "second pw").status()).isEqualTo(200);
  }

  @Test
  void reducedScopesApplyToExistingTokens() {
    String u = name();
    String id = createUser(admin, u, "scoped pw", "store:read", "users:read");
    Session s = Logins.session(admin, u, "scoped pw");
    assertThat(bearerGet(admin, s.accessToken(), "/api/admin/users/").status()).isEqualTo(200);
    admin.json(
        "PATCH", "/api/admin/users/" + id, Map.of("scopes", java.util.List.of("store:read")));
    assertThat(bearerGet(admin, s.accessToken(), "/api/admin/users/").status()).isEqualTo(403);
    assertThat(bearerGet(admin, s.accessToken(), "/api/store/asset/").status()).isEqualTo(200);
  }
}
