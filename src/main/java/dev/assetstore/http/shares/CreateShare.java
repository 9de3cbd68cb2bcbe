package dev.assetstore.http.shares;

import dev.assetstore.http.Authenticate;
import dev.assetstore.http.Json;
import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.Times;
import dev.assetstore.store.shares.ShareService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /api/share/} — share.create (ShareWriteCreate) → 201 ShareReadCreate */
public final class CreateShare implements Handler<RoutingContext> {
  private final ShareService shares;

  public CreateShare(ShareService shares) {
    this.shares = shares;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var body = Json.body(ctx);
    var principal = Authenticate.principal(ctx);
    Respond.json(
        ctx,
        201,
        () -> {
          var rec = shares.create(principal, body);
          var view = Views.share(rec, true, Times.nowMicros());
          view.put("token", rec.row().token());
          ctx.response().putHeader("Location", "/api/share/" + rec.row().id());
          return view;
        });
  }
}
