package dev.assetstore.http.assets;

import dev.assetstore.http.Previews;
import dev.assetstore.store.previews.PreviewService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET|HEAD /api/store/asset/{id}/preview?w=&h=&fit=&format=} — asset.preview (§11). */
public final class GetAssetPreview implements Handler<RoutingContext> {
  private final PreviewService previews;

  public GetAssetPreview(PreviewService previews) {
    this.previews = previews;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Previews.send(ctx, previews, p -> previews.recentOfAsset(id, p), p -> previews.ofAsset(id, p));
  }
}
