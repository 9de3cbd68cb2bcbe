package dev.assetstore.http.login;

import dev.assetstore.http.Json;
import dev.assetstore.store.auth.LoginService;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code slaunch_refresh_cookie} and the LoginResponse body, for both login operations. */
final class RefreshCookie {
  static final String NAME = "slaunch_refresh_cookie";
  static final String PATH = "/api/login";

  private RefreshCookie() {}

  static void send(RoutingContext ctx, LoginService.Issued issued, boolean secure) {
    Cookie c =
        Cookie.cookie(NAME, issued.refreshToken())
            .setHttpOnly(true)
            .setSecure(secure)
            .setSameSite(CookieSameSite.STRICT)
            .setPath(PATH)
            .setMaxAge(issued.refreshMaxAgeSeconds());
    ctx.response().addCookie(c);
    noStore(ctx);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", issued.accessToken());
    body.put("token_type", "bearer");
    Json.send(ctx, 200, body);
  }

  /** Tells the browser to drop the cookie (sent with a refused refresh). */
  static void clear(RoutingContext ctx, boolean secure) {
    ctx.response()
        .addCookie(
            Cookie.cookie(NAME, "")
                .setHttpOnly(true)
                .setSecure(secure)
                .setSameSite(CookieSameSite.STRICT)
                .setPath(PATH)
                .setMaxAge(0));
  }

  /** Token responses are never cached (RFC 6749 §5.1). */
  /** The refresh token the request's cookie carries, or null. */
  static String value(RoutingContext ctx) {
    io.vertx.core.http.Cookie c = ctx.request().getCookie(NAME);
    return c == null ? null : c.getValue();
  }

  static void noStore(RoutingContext ctx) {
    ctx.response().putHeader("Cache-Control", "no-store").putHeader("Pragma", "no-cache");
  }
}
