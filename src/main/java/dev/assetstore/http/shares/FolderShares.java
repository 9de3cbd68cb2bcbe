package dev.assetstore.http.shares;

import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.Times;
import dev.assetstore.store.shares.ShareService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/store/folder/{id}/shares} — folder.shares: every share targeting the folder */
public final class FolderShares implements Handler<RoutingContext> {
  private final ShareService shares;

  public FolderShares(ShareService shares) {
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
          return shares.ofFolder(id).stream().map(r -> Views.share(r, true, now)).toList();
        });
  }
}
