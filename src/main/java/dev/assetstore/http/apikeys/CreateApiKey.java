package dev.assetstore.http.apikeys;

import dev.assetstore.http.Authenticate;
import dev.assetstore.http.Json;
import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.auth.ApiKeyService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /api/admin/api-keys/} — apikey.create; the raw key is in {@code key}, once. */
public final class CreateApiKey implements Handler<RoutingContext> {
  private final ApiKeyService keys;

  public CreateApiKey(ApiKeyService keys) {
    this.keys = keys;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var body = Json.body(ctx);
    var principal = Authenticate.principal(ctx);
    Respond.json(
        ctx,
        201,
        () -> {
          var created = keys.create(principal, body);
          var view = Views.apiKey(created.row());
          view.put("key", created.rawKey());
          ctx.response().putHeader("Location", "/api/admin/api-keys/" + created.row().id());
          return view;
        });
  }
}
