package dev.assetstore.http.assets;

import dev.assetstore.http.Blocking;
import dev.assetstore.http.Downloads;
import dev.assetstore.store.assets.AssetService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code GET|HEAD /api/store/asset/download?id=…} — asset.download */
public final class DownloadAssets implements Handler<RoutingContext> {
  private final AssetService assets;

  public DownloadAssets(AssetService assets) {
    this.assets = assets;
  }

  @Override
  public void handle(RoutingContext ctx) {
    List<String> ids = ctx.queryParam("id");
    var hit = assets.cachedDownload(ids);
    if (hit.isPresent()) {
      // A hot asset: no query and no hop to a virtual thread (sending a local file never blocks).
      Downloads.send(ctx, hit.get(), assets::open);
      return;
    }
    Blocking.call(() -> assets.download(ids))
        .onSuccess(
            d -> {
              try {
                Downloads.send(ctx, d, assets::open);
              } catch (RuntimeException e) {
                ctx.fail(e);
              }
            })
        .onFailure(ctx::fail);
  }
}
