package dev.assetstore.http.login;

import dev.assetstore.http.Blocking;
import dev.assetstore.store.auth.Accounts;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/login/refresh-token} — login.refresh_token: exchanges the refresh cookie for a
 * new access token and a new cookie; the presented token is spent.
 */
public final class Refresh implements Handler<RoutingContext> {
  private final Accounts accounts;

  public Refresh(Accounts accounts) {
    this.accounts = accounts;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String raw = RefreshCookie.value(ctx);
    RefreshCookie.noStore(ctx);
    Blocking.call(() -> accounts.logins().refresh(raw))
        .onSuccess(issued -> RefreshCookie.send(ctx, issued, accounts.secureCookie()))
        .onFailure(
            e -> {
              if (raw != null) {
                RefreshCookie.clear(ctx, accounts.secureCookie());
              }
              ctx.fail(e);
            });
  }
}
