package dev.assetstore.http.users;

import dev.assetstore.http.Authenticate;
import dev.assetstore.http.Json;
import dev.assetstore.http.Respond;
import dev.assetstore.store.auth.UserService;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code PATCH /api/admin/users/{id}} — user.patch; disabling or a new password ends sessions. */
public final class PatchUser implements Handler<RoutingContext> {
  private final UserService users;

  public PatchUser(UserService users) {
    this.users = users;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    var body = Json.body(ctx);
    var principal = Authenticate.principal(ctx);
    Respond.json(ctx, 200, () -> UserView.of(users.patch(principal, id, body)));
  }
}
