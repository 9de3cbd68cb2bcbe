package dev.assetstore.http.apikeys;

import dev.assetstore.http.Params;
import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.auth.ApiKeyService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/admin/api-keys/} — apikey.list */
public final class ListApiKeys implements Handler<RoutingContext> {
  private final ApiKeyService keys;

  public ListApiKeys(ApiKeyService keys) {
    this.keys = keys;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var params = Params.query(ctx);
    Respond.json(ctx, 200, () -> Views.page(keys.list(params), Views::apiKey));
  }
}
