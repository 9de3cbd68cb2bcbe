package dev.assetstore.http.assets;

import dev.assetstore.http.Json;
import dev.assetstore.store.listing.FilterTable;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/store/asset/filters} — asset.filters */
public final class AssetFilters implements Handler<RoutingContext> {
  private final Object metadata = FilterTable.ASSETS.metadata();

  @Override
  public void handle(RoutingContext ctx) {
    Json.send(ctx, 200, metadata);
  }
}
