package dev.assetstore.http.assets;

import dev.assetstore.http.Respond;
import dev.assetstore.store.assets.AssetService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code DELETE /api/store/asset/{id}} — asset.delete */
public final class DeleteAsset implements Handler<RoutingContext> {
  private final AssetService assets;

  public DeleteAsset(AssetService assets) {
    this.assets = assets;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Respond.noContent(ctx, () -> assets.delete(id));
  }
}
