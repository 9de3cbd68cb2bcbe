package dev.assetstore.http.console;

import dev.assetstore.http.PageSecurity;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /app/} and every path under it that is not one of the console's files: the single-page
 * console's HTML, so deep links ({@code /app/folder/{id}}) load it and its script routes from the
 * address. The page is static and holds nothing secret; it needs no credentials.
 */
public final class ConsolePage implements Handler<RoutingContext> {
  /**
   * Only our own scripts, styles and API; {@code blob:} images and media are files the console
   * fetched itself with the signed-in credential; the service worker comes from this origin, and so
   * does the one kind of frame, a PDF the worker answers at {@code /app/view}.
   */
  public static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:;"
          + " media-src 'self' blob:; frame-src 'self'; connect-src 'self'; worker-src 'self';"
          + " manifest-src 'self';"
          + " form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    // A missing console file is a 404, not the page (a script URL answered with HTML).
    if (path.startsWith(ConsoleFiles.PREFIX)) {
      ConsoleFiles.missing(ctx);
      return;
    }
    security(ctx);
    ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .sendFile("web/app/index.html")
        .onFailure(ctx::fail);
  }

  public static void security(RoutingContext ctx) {
    PageSecurity.apply(ctx, CSP);
  }
}
