package dev.assetstore.http.tus;

import dev.assetstore.http.Json;
import dev.assetstore.http.Views;
import dev.assetstore.store.uploads.Append;
import io.vertx.ext.web.RoutingContext;

/** The answer to a piece that arrived whole, in the request's dialect. */
final class PieceAnswer {
  private PieceAnswer() {}

  /**
   * tus: 204 (201 with {@code Location} for a creation) with the new offset, and {@code
   * Asset-Location} once complete. IETF: the completing response is 201 with AssetRead; an
   * incomplete one 204 (201 for a creation).
   */
  static void send(RoutingContext ctx, Dialect d, Append.Outcome o, String createdLocation) {
    var resp = ctx.response();
    resp.putHeader("Upload-Offset", Long.toString(o.offset()));
    resp.putHeader("Upload-Expires", TusWire.httpDate(o.expiresMicros()));
    if (createdLocation != null) {
      resp.putHeader("Location", createdLocation);
    }
    String assetLocation = o.asset() == null ? null : "/api/store/asset/" + o.asset().row().id();
    if (assetLocation != null) {
      resp.putHeader("Asset-Location", assetLocation);
    }
    if (d == Dialect.IETF) {
      resp.putHeader("Upload-Draft-Interop-Version", Dialect.INTEROP_VERSION);
      resp.putHeader("Upload-Complete", o.asset() != null ? "?1" : "?0");
      if (o.asset() != null) {
        if (createdLocation == null) {
          resp.putHeader("Location", assetLocation);
        }
        Json.send(ctx, 201, Views.asset(o.asset(), true));
        return;
      }
    }
    resp.setStatusCode(createdLocation != null ? 201 : 204).end();
  }
}
