package dev.assetstore.http.shares;

import dev.assetstore.http.Previews;
import dev.assetstore.store.ValidationError;
import dev.assetstore.store.listing.QueryValues;
import dev.assetstore.store.previews.PreviewService;
import dev.assetstore.store.shares.ShareAccess;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET|HEAD /api/share/access/preview?id=…&w=…} — share.access.preview: a recipient's preview
 * of an asset inside the share. Not a download: no counter moves, no download slot is taken, and a
 * share whose downloads are used up still refuses it (410) at the token check like every access
 * route.
 */
public final class AccessPreview implements Handler<RoutingContext> {
  private final PreviewService previews;

  public AccessPreview(PreviewService previews) {
    this.previews = previews;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ShareAccess a = ShareAccessAuth.access(ctx);
    String id = QueryValues.last(dev.assetstore.http.Params.query(ctx), "id");
    if (id == null) {
      throw ValidationError.of("query", "id", "Field required", "missing");
    }
    Previews.send(ctx, previews, p -> previews.ofSharedAsset(a, id, p));
  }
}
