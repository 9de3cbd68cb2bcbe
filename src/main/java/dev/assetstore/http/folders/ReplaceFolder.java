package dev.assetstore.http.folders;

import dev.assetstore.http.Json;
import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.folders.FolderService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code PUT /api/store/folder/{id}} — folder.replace (FolderWriteReplace) */
public final class ReplaceFolder implements Handler<RoutingContext> {
  private final FolderService folders;

  public ReplaceFolder(FolderService folders) {
    this.folders = folders;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var body = Json.body(ctx);
    String id = ctx.pathParam("id");
    Respond.json(ctx, 200, () -> Views.folder(folders.replace(id, body), true));
  }
}
