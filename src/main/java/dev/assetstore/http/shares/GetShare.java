package dev.assetstore.http.shares;

import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.Times;
import dev.assetstore.store.shares.ShareService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/share/{id}} — share.get (the owner view, with statistics) */
public final class GetShare implements Handler<RoutingContext> {
  private final ShareService shares;

  public GetShare(ShareService shares) {
    this.shares = shares;
  }

  @Override
  public void handle(RoutingContext ctx) {
    boolean hydrate = Respond.hydrate(ctx);
    String id = ctx.pathParam("id");
    Respond.json(ctx, 200, () -> Views.share(shares.get(id), hydrate, Times.nowMicros()));
  }
}
