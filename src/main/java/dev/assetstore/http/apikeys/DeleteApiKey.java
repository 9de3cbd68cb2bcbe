package dev.assetstore.http.apikeys;

import dev.assetstore.http.Respond;
import dev.assetstore.store.auth.ApiKeyService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code DELETE /api/admin/api-keys/{id}} — apikey.delete; the key stops working at once. */
public final class DeleteApiKey implements Handler<RoutingContext> {
  private final ApiKeyService keys;

  public DeleteApiKey(ApiKeyService keys) {
    this.keys = keys;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Respond.noContent(ctx, () -> keys.delete(id));
  }
}
