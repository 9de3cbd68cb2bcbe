package dev.assetstore.http.tus;

import dev.assetstore.store.uploads.UploadService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code OPTIONS /api/store/asset/tus/} — upload.options: what the server supports. */
public final class TusOptions implements Handler<RoutingContext> {
  private final UploadService uploads;

  public TusOptions(UploadService uploads) {
    this.uploads = uploads;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var resp = ctx.response();
    TusWire.common(resp);
    resp.putHeader("Tus-Version", TusWire.VERSION);
    resp.putHeader("Tus-Extension", TusWire.EXTENSIONS);
    resp.putHeader("Tus-Max-Size", Long.toString(uploads.settings().maxBytes()));
    resp.putHeader("Tus-Checksum-Algorithm", "sha1,sha256");
    Dialect.limit(resp, uploads);
    resp.setStatusCode(204).end();
  }
}
