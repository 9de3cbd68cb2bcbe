package dev.assetstore.http.tus;

import dev.assetstore.http.Authenticate;
import dev.assetstore.http.Blocking;
import dev.assetstore.store.uploads.UploadService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code DELETE /api/store/asset/tus/{id}} — upload.delete: ends any writer, frees the bytes. */
public final class DeleteUpload implements Handler<RoutingContext> {
  private final UploadService uploads;

  public DeleteUpload(UploadService uploads) {
    this.uploads = uploads;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var principal = Authenticate.principal(ctx);
    String id = ctx.pathParam("id");
    TusWire.common(ctx.response());
    Blocking.run(() -> uploads.terminate(principal, id))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }
}
