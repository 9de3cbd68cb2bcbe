package dev.assetstore.http.folders;

import dev.assetstore.http.Authenticate;
import dev.assetstore.http.Json;
import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.folders.FolderService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /api/store/folder/} — folder.create (FolderWriteCreate) → 201 */
public final class CreateFolder implements Handler<RoutingContext> {
  private final FolderService folders;

  public CreateFolder(FolderService folders) {
    this.folders = folders;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var body = Json.body(ctx);
    var principal = Authenticate.principal(ctx);
    Respond.json(
        ctx,
        201,
        () -> {
          var rec = folders.create(principal, body);
          ctx.response().putHeader("Location", "/api/store/folder/" + rec.row().id());
          return Views.folder(rec, true);
        });
  }
}
