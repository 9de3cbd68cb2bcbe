package dev.assetstore.http.tus;

import dev.assetstore.http.Authenticate;
import dev.assetstore.http.Blocking;
import dev.assetstore.http.Json;
import dev.assetstore.http.Views;
import dev.assetstore.store.uploads.UploadService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/store/asset/tus/{id}} — upload.get: the asset a completed upload became. */
public final class GetUpload implements Handler<RoutingContext> {
  private final UploadService uploads;

  public GetUpload(UploadService uploads) {
    this.uploads = uploads;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var principal = Authenticate.principal(ctx);
    String id = ctx.pathParam("id");
    Blocking.call(() -> uploads.asset(principal, id))
        .onSuccess(rec -> Json.send(ctx, 200, Views.asset(rec, true)))
        .onFailure(ctx::fail);
  }
}
