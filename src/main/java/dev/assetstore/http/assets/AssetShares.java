package dev.assetstore.http.assets;

import dev.assetstore.http.Respond;
import dev.assetstore.store.assets.AssetService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/store/asset/{id}/shares} — asset.shares */
public final class AssetShares implements Handler<RoutingContext> {
  private final AssetService assets;

  public AssetShares(AssetService assets) {
    this.assets = assets;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Respond.json(ctx, 200, () -> assets.shares(id));
  }
}
