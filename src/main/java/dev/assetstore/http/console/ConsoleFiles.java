package dev.assetstore.http.console;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The console's scripts and stylesheet under {@code /app/static/}, from the jar's {@code web/app}.
 * Names carry no content hash (there is no build step), so browsers revalidate every time ({@code
 * no-cache}) and get a 304 while the file is unchanged.
 */
public final class ConsoleFiles implements Handler<RoutingContext> {
  public static final String PREFIX = "/app/static/";
  private final StaticHandler files =
      StaticHandler.create("web/app")
          .setCachingEnabled(true)
          .setSendVaryHeader(false)
          .setIndexPage("-")
          .setDefaultContentEncoding("UTF-8");

  @Override
  public void handle(RoutingContext ctx) {
    ConsolePage.security(ctx);
    ctx.addHeadersEndHandler(
        v -> {
          if (ctx.response().getStatusCode() < 400) {
            ctx.response().headers().set("Cache-Control", "no-cache");
          }
        });
    files.handle(ctx);
  }

  /** {@code GET /app/sw.js}: the service worker, served at the console's root for its scope. */
  public static void serviceWorker(RoutingContext ctx) {
    ConsolePage.security(ctx);
    ctx.response()
        .putHeader("Content-Type", "text/javascript; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .sendFile("web/app/sw.js")
        .onFailure(ctx::fail);
  }
}
