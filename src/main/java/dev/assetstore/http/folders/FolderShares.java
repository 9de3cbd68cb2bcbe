package dev.assetstore.http.folders;

import dev.assetstore.http.Respond;
import dev.assetstore.store.folders.FolderService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/store/folder/{id}/shares} — folder.shares */
public final class FolderShares implements Handler<RoutingContext> {
  private final FolderService folders;

  public FolderShares(FolderService folders) {
    this.folders = folders;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Respond.json(ctx, 200, () -> folders.shares(id));
  }
}
