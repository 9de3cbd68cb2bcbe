package dev.assetstore.http.login;

import dev.assetstore.http.Blocking;
import dev.assetstore.store.auth.Accounts;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/login/logout} — login.logout: revokes the refresh cookie's token family and
 * tells the browser to drop the cookie. Always 204, so signing out twice is not an error.
 */
public final class Logout implements Handler<RoutingContext> {
  private final Accounts accounts;

  public Logout(Accounts accounts) {
    this.accounts = accounts;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String raw = RefreshCookie.value(ctx);
    RefreshCookie.noStore(ctx);
    Blocking.run(() -> accounts.logins().logout(raw))
        .onSuccess(
            v -> {
              RefreshCookie.clear(ctx, accounts.secureCookie());
              ctx.response().setStatusCode(204).end();
            })
        .onFailure(ctx::fail);
  }
}
