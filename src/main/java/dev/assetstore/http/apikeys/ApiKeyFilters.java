package dev.assetstore.http.apikeys;

import dev.assetstore.http.Json;
import dev.assetstore.store.listing.FilterTable;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/admin/api-keys/filters} — apikey.filters */
public final class ApiKeyFilters implements Handler<RoutingContext> {
  private final Object metadata = FilterTable.API_KEYS.metadata();

  @Override
  public void handle(RoutingContext ctx) {
    Json.send(ctx, 200, metadata);
  }
}
