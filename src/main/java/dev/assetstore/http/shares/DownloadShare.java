package dev.assetstore.http.shares;

import dev.assetstore.http.Blocking;
import dev.assetstore.http.Downloads;
import dev.assetstore.store.shares.ShareService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET|HEAD /api/share/{id}/download} — share.download: the content as the owner sees it */
public final class DownloadShare implements Handler<RoutingContext> {
  private final ShareService shares;

  public DownloadShare(ShareService shares) {
    this.shares = shares;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Blocking.call(() -> shares.ownerDownload(id))
        .onSuccess(d -> Downloads.send(ctx, d, shares::open))
        .onFailure(ctx::fail);
  }
}
