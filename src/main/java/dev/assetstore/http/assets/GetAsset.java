package dev.assetstore.http.assets;

import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.assets.AssetService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/store/asset/{id}} — asset.get */
public final class GetAsset implements Handler<RoutingContext> {
  private final AssetService assets;

  public GetAsset(AssetService assets) {
    this.assets = assets;
  }

  @Override
  public void handle(RoutingContext ctx) {
    boolean hydrate = Respond.hydrate(ctx);
    String id = ctx.pathParam("id");
    Respond.json(ctx, 200, () -> Views.asset(assets.get(id), hydrate));
  }
}
