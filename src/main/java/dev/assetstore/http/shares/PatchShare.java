package dev.assetstore.http.shares;

import dev.assetstore.http.Json;
import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.Times;
import dev.assetstore.store.shares.ShareService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code PATCH /api/share/{id}} — share.patch (ShareWriteUpdate) */
public final class PatchShare implements Handler<RoutingContext> {
  private final ShareService shares;

  public PatchShare(ShareService shares) {
    this.shares = shares;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var body = Json.body(ctx);
    String id = ctx.pathParam("id");
    Respond.json(ctx, 200, () -> Views.share(shares.patch(id, body), true, Times.nowMicros()));
  }
}
