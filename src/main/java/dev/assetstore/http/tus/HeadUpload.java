package dev.assetstore.http.tus;

import dev.assetstore.http.Authenticate;
import dev.assetstore.http.Blocking;
import dev.assetstore.store.uploads.UploadService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code HEAD /api/store/asset/tus/{id}} — upload.head: the settled offset. A request still writing
 * to the upload is ended first, so the offset is where a resume starts.
 */
public final class HeadUpload implements Handler<RoutingContext> {
  private final UploadService uploads;

  public HeadUpload(UploadService uploads) {
    this.uploads = uploads;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var principal = Authenticate.principal(ctx);
    String id = ctx.pathParam("id");
    Dialect d = Dialect.of(ctx.request());
    TusWire.common(ctx.response());
    Blocking.call(() -> uploads.status(principal, id))
        .onSuccess(
            s -> {
              var resp = ctx.response();
              TusWire.status(resp, s);
              d.headStatus(resp, s, uploads);
              resp.setStatusCode(200).end();
            })
        .onFailure(ctx::fail);
  }
}
