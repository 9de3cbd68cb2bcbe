package dev.assetstore.http;

import io.vertx.ext.web.RoutingContext;

/**
 * The headers every page people open carries (the console, the share page): its own
 * Content-Security-Policy, no sniffing, no referrer (a share token is in the URL) and no framing.
 */
public final class PageSecurity {
  private PageSecurity() {}

  public static void apply(RoutingContext ctx, String csp) {
    ctx.response()
        .putHeader("Content-Security-Policy", csp)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY");
  }
}
