package dev.assetstore.http.folders;

import dev.assetstore.http.Json;
import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.folders.FolderService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code PATCH /api/store/folder/{id}} — folder.patch (FolderWriteUpdate) */
public final class PatchFolder implements Handler<RoutingContext> {
  private final FolderService folders;

  public PatchFolder(FolderService folders) {
    this.folders = folders;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var body = Json.body(ctx);
    String id = ctx.pathParam("id");
    Respond.json(ctx, 200, () -> Views.folder(folders.patch(id, body), true));
  }
}
