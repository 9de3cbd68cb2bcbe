package dev.assetstore.http.shares;

import dev.assetstore.http.Respond;
import dev.assetstore.store.shares.ShareService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code DELETE /api/share/{id}} — share.delete; the link answers 404 from then on */
public final class DeleteShare implements Handler<RoutingContext> {
  private final ShareService shares;

  public DeleteShare(ShareService shares) {
    this.shares = shares;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Respond.noContent(ctx, () -> shares.delete(id));
  }
}
