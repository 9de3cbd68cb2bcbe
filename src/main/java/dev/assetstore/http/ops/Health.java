package dev.assetstore.http.ops;

import dev.assetstore.http.Json;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** {@code GET /health} — the process is up. */
public final class Health implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    Json.send(ctx, 200, Map.of("status", "ok"));
  }
}
