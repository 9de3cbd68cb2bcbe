package dev.assetstore.http.shares;

import dev.assetstore.http.Json;
import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.Times;
import dev.assetstore.store.shares.ShareService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code PUT /api/share/{id}} — share.replace (ShareWriteReplace) */
public final class ReplaceShare implements Handler<RoutingContext> {
  private final ShareService shares;

  public ReplaceShare(ShareService shares) {
    this.shares = shares;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var body = Json.body(ctx);
    String id = ctx.pathParam("id");
    Respond.json(ctx, 200, () -> Views.share(shares.replace(id, body), true, Times.nowMicros()));
  }
}
