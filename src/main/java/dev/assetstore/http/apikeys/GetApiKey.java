package dev.assetstore.http.apikeys;

import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.auth.ApiKeyService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/admin/api-keys/{id}} — apikey.get */
public final class GetApiKey implements Handler<RoutingContext> {
  private final ApiKeyService keys;

  public GetApiKey(ApiKeyService keys) {
    this.keys = keys;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Respond.json(ctx, 200, () -> Views.apiKey(keys.get(id)));
  }
}
