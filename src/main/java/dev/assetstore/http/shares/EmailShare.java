package dev.assetstore.http.shares;

import dev.assetstore.http.Json;
import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.Times;
import dev.assetstore.store.shares.ShareService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /api/share/{id}/email} — share.email: sends the link; 202 with the ShareRead. */
public final class EmailShare implements Handler<RoutingContext> {
  private final ShareService shares;

  public EmailShare(ShareService shares) {
    this.shares = shares;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var body = Json.body(ctx);
    String id = ctx.pathParam("id");
    Respond.json(ctx, 202, () -> Views.share(shares.email(id, body), true, Times.nowMicros()));
  }
}
