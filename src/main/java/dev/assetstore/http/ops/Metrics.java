package dev.assetstore.http.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /metrics} — Prometheus text format. */
public final class Metrics implements Handler<RoutingContext> {
  private final PrometheusMeterRegistry registry;

  public Metrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(registry.scrape());
  }
}
