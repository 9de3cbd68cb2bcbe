package dev.assetstore.http.users;

import dev.assetstore.http.Json;
import dev.assetstore.store.listing.FilterTable;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/admin/users/filters} — user.filters */
public final class UserFilters implements Handler<RoutingContext> {
  private final Object metadata = FilterTable.USERS.metadata();

  @Override
  public void handle(RoutingContext ctx) {
    Json.send(ctx, 200, metadata);
  }
}
