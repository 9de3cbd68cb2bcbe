package dev.assetstore.http.assets;

import dev.assetstore.http.Params;
import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.assets.AssetService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/store/asset/} — asset.list */
public final class ListAssets implements Handler<RoutingContext> {
  private final AssetService assets;

  public ListAssets(AssetService assets) {
    this.assets = assets;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var params = Params.query(ctx);
    Respond.json(
        ctx,
        200,
        () -> {
          var page = assets.list(params);
          return Views.page(page, r -> Views.asset(r, page.hydrate()));
        });
  }
}
