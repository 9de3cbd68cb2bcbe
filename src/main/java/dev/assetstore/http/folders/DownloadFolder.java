package dev.assetstore.http.folders;

import dev.assetstore.http.Blocking;
import dev.assetstore.http.Downloads;
import dev.assetstore.store.assets.AssetService;
import dev.assetstore.store.folders.FolderService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET|HEAD /api/store/folder/{id}/download} — folder.download: the subtree as a ZIP. */
public final class DownloadFolder implements Handler<RoutingContext> {
  private final FolderService folders;
  private final AssetService assets;

  public DownloadFolder(FolderService folders, AssetService assets) {
    this.folders = folders;
    this.assets = assets;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Blocking.call(() -> folders.archive(id))
        .onSuccess(a -> Downloads.send(ctx, a, assets::open))
        .onFailure(ctx::fail);
  }
}
