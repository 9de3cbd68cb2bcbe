package dev.assetstore.http.users;

import dev.assetstore.http.Respond;
import dev.assetstore.store.auth.UserService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/admin/users/{id}} — user.get */
public final class GetUser implements Handler<RoutingContext> {
  private final UserService users;

  public GetUser(UserService users) {
    this.users = users;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Respond.json(ctx, 200, () -> UserView.of(users.get(id)));
  }
}
