package dev.assetstore.http.shares;

import dev.assetstore.http.Params;
import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.Times;
import dev.assetstore.store.shares.ShareService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/share/} — share.list */
public final class ListShares implements Handler<RoutingContext> {
  private final ShareService shares;

  public ListShares(ShareService shares) {
    this.shares = shares;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var params = Params.query(ctx);
    Respond.json(
        ctx,
        200,
        () -> {
          var page = shares.list(params);
          long now = Times.nowMicros();
          return Views.page(page, r -> Views.share(r, page.hydrate(), now));
        });
  }
}
