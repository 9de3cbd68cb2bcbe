package dev.assetstore.http.folders;

import dev.assetstore.http.Json;
import dev.assetstore.store.listing.FilterTable;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/store/folder/filters} — folder.filters */
public final class FolderFilters implements Handler<RoutingContext> {
  private final Object metadata = FilterTable.FOLDERS.metadata();

  @Override
  public void handle(RoutingContext ctx) {
    Json.send(ctx, 200, metadata);
  }
}
