package dev.assetstore.http.folders;

import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.folders.FolderService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/store/folder/{id}} — folder.get */
public final class GetFolder implements Handler<RoutingContext> {
  private final FolderService folders;

  public GetFolder(FolderService folders) {
    this.folders = folders;
  }

  @Override
  public void handle(RoutingContext ctx) {
    boolean hydrate = Respond.hydrate(ctx);
    String id = ctx.pathParam("id");
    Respond.json(ctx, 200, () -> Views.folder(folders.get(id), hydrate));
  }
}
