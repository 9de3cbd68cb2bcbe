package dev.assetstore.http.shares;

import dev.assetstore.db.FolderRow;
import dev.assetstore.http.Params;
import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.shares.ListedAsset;
import dev.assetstore.store.shares.RecipientAccess;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/share/access/items?folder=…} — share.access.items: a folder's children. */
public final class AccessItems implements Handler<RoutingContext> {
  private final RecipientAccess shares;

  public AccessItems(RecipientAccess shares) {
    this.shares = shares;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var access = ShareAccessAuth.access(ctx);
    var params = Params.query(ctx);
    Respond.json(
        ctx,
        200,
        () -> {
          return Views.page(
              shares.items(access, params),
              item ->
                  item instanceof ListedAsset a
                      ? Views.publicAsset(a.row(), access, a.fullPath())
                      : Views.publicFolder((FolderRow) item, access));
        });
  }
}
