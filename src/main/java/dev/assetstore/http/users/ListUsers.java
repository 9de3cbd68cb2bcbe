package dev.assetstore.http.users;

import dev.assetstore.http.Params;
import dev.assetstore.http.Respond;
import dev.assetstore.http.Views;
import dev.assetstore.store.auth.UserService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/admin/users/} — user.list */
public final class ListUsers implements Handler<RoutingContext> {
  private final UserService users;

  public ListUsers(UserService users) {
    this.users = users;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var params = Params.query(ctx);
    Respond.json(ctx, 200, () -> Views.page(users.list(params), UserView::of));
  }
}
