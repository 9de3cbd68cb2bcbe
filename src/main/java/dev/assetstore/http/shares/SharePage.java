package dev.assetstore.http.shares;

import dev.assetstore.http.PageSecurity;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /s/<token>} — the page people open: static HTML whose script redeems the token with
 * {@code get_access} and browses with the access token. The policy allows only our own script and
 * styles, sends no referrer (the token is in the URL) and forbids framing.
 */
public final class SharePage implements Handler<RoutingContext> {
  public static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  @Override
  public void handle(RoutingContext ctx) {
    security(ctx);
    ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .sendFile("web/share.html")
        .onFailure(ctx::fail);
  }

  public static void security(RoutingContext ctx) {
    PageSecurity.apply(ctx, CSP);
  }
}
