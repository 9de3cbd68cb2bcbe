package dev.assetstore.http.shares;

import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.Times;
import dev.assetstore.store.shares.ShareService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/store/asset/{id}/shares} — asset.shares: every share targeting the asset */
public final class AssetShares implements Handler<RoutingContext> {
  private final ShareService shares;

  public AssetShares(ShareService shares) {
    this.shares = shares;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Respond.json(
        ctx,
        200,
        () -> {
          long now = Times.nowMicros();
          return shares.ofAsset(id).stream().map(r -> Views.share(r, true, now)).toList();
        });
  }
}
