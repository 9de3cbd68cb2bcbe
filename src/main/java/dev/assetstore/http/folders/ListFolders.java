package dev.assetstore.http.folders;

import dev.assetstore.http.Params;
import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.folders.FolderService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/store/folder/} — folder.list */
public final class ListFolders implements Handler<RoutingContext> {
  private final FolderService folders;

  public ListFolders(FolderService folders) {
    this.folders = folders;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var params = Params.query(ctx);
    Respond.json(
        ctx,
        200,
        () -> {
          var page = folders.list(params);
          return Views.page(page, r -> Views.folder(r, page.hydrate()));
        });
  }
}
