package dev.assetstore.http.assets;

import dev.assetstore.http.Json;
import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.assets.AssetService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code PUT /api/store/asset/{id}} — asset.replace (AssetWriteReplace) */
public final class ReplaceAsset implements Handler<RoutingContext> {
  private final AssetService assets;

  public ReplaceAsset(AssetService assets) {
    this.assets = assets;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var body = Json.body(ctx);
    String id = ctx.pathParam("id");
    Respond.json(ctx, 200, () -> Views.asset(assets.replace(id, body), true));
  }
}
